import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, expect, it } from 'vitest';
import { readmeCodeBlocks } from './readmeCodeBlocks';
import { kitPackages, MODULE_DIRS, root } from './snippetPackages';

/**
 * Every ```ts and ```tsx block of the READMEs is type-checked against the kit's source, so a
 * snippet that stops compiling fails `npm test`. A block that is a fragment on purpose is
 * preceded by `<!-- snippet: skip <reason> -->`. The host CRM's own objects that snippets use
 * (`app`, `lead`, `crmSessionOf`…) are declared in host.d.ts; kit imports must be written out.
 */
const readmes = [
  'README.md',
  ...readdirSync(join(root, 'packages')).map((dir) => `packages/${dir}/README.md`),
].filter((path) => {
  try {
    return readFileSync(join(root, path)).length > 0;
  } catch {
    return false;
  }
});

interface Snippet {
  readme: string;
  /** 1-based line of the snippet's first code line in the README. */
  line: number;
  file: string;
}

const SKIP = /^<!-- snippet: skip (\S.*) -->$/;
const dir = mkdtempSync(join(tmpdir(), 'readme-snippets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const snippets: Snippet[] = [];
const skipped: string[] = [];
for (const readme of readmes) {
  const blocks = readmeCodeBlocks(readFileSync(join(root, readme), 'utf8'));
  for (const block of blocks.filter((each) => each.language === 'ts' || each.language === 'tsx')) {
    if (SKIP.test(block.before)) skipped.push(`${readme}:${block.line - 1}`);
    else {
      const file = join(dir, `${readme.replace(/\W+/g, '-')}-${block.line - 1}.${block.language}`);
      writeFileSync(file, block.code);
      snippets.push({ readme, line: block.line, file });
    }
  }
}

/** The kit's entries as the workspace's tests see them: the `@saleschat-kit/source` condition. */
function kitPaths(): Record<string, string[]> {
  const paths: Record<string, string[]> = {};
  for (const pkg of kitPackages()) {
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      const source = typeof target === 'object' ? target['@saleschat-kit/source'] : undefined;
      if (source?.endsWith('.ts'))
        paths[`${pkg.name}${subpath.slice(1)}`] = [join(pkg.dir, source)];
    }
  }
  // Types first: a package's JavaScript found before its @types would count as resolved, untyped.
  paths['*'] = [
    ...MODULE_DIRS.map((at) => join(at, '@types', '*')),
    ...MODULE_DIRS.map((at) => join(at, '*')),
  ];
  return paths;
}

const base = ts.getParsedCommandLineOfConfigFile(
  join(root, 'tsconfig.base.json'),
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  },
);
const program = ts.createProgram({
  rootNames: [
    ...snippets.map((snippet) => snippet.file),
    fileURLToPath(new URL('host.d.ts', import.meta.url)),
  ],
  options: {
    ...base?.options,
    types: ['node'],
    typeRoots: [join(root, 'node_modules/@types')],
    paths: kitPaths(),
    noUnusedLocals: false,
  },
});

function problemsOf(snippet: Snippet): string[] {
  return ts
    .getPreEmitDiagnostics(program, program.getSourceFile(snippet.file))
    .map((diagnostic) => {
      const at = diagnostic.file?.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      const where =
        diagnostic.file?.fileName === snippet.file
          ? `${snippet.readme}:${snippet.line + (at?.line ?? 0)}`
          : relative(root, diagnostic.file?.fileName ?? '?');
      return `${where}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    });
}

it('finds the snippets, and skips only the few marked as fragments', () => {
  expect(snippets.length).toBeGreaterThan(10);
  expect(skipped.length).toBeLessThanOrEqual(3);
});

it.each(readmes)('%s: every TypeScript snippet type-checks', { timeout: 120_000 }, (readme) => {
  expect(snippets.filter((snippet) => snippet.readme === readme).flatMap(problemsOf)).toEqual([]);
});
