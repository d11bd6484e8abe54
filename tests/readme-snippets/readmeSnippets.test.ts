import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, expect, it } from 'vitest';

/**
 * Every ```ts and ```tsx block of the READMEs is type-checked against the kit's source, so a
 * snippet that stops compiling fails `npm test`. A block that is a fragment on purpose is
 * preceded by `<!-- snippet: skip <reason> -->`. The host CRM's own objects that snippets use
 * (`app`, `lead`, `crmSessionOf`…) are declared in host.d.ts; kit imports must be written out.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
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
  const lines = readFileSync(join(root, readme), 'utf8').split('\n');
  for (let index = 0; index < lines.length; index++) {
    // Also fences indented inside a list item; their indentation is taken off the code.
    const fence = /^(\s*)```(ts|tsx)\s*$/.exec(lines[index] as string);
    if (!fence) continue;
    const [, indent = '', language] = fence;
    const end = lines.findIndex((line, at) => at > index && line.trim() === '```');
    const before =
      lines
        .slice(0, index)
        .reverse()
        .find((line) => line.trim() !== '') ?? '';
    if (SKIP.test(before.trim())) skipped.push(`${readme}:${index + 1}`);
    else {
      const file = join(dir, `${readme.replace(/\W+/g, '-')}-${index + 1}.${language}`);
      const code = lines.slice(index + 1, end).map((line) => line.slice(indent.length));
      writeFileSync(file, code.join('\n'));
      snippets.push({ readme, line: index + 2, file });
    }
    index = end;
  }
}

/** The kit's entries as the workspace's tests see them: the `@saleschat-kit/source` condition. */
function kitPaths(): Record<string, string[]> {
  const paths: Record<string, string[]> = {};
  for (const pkg of readdirSync(join(root, 'packages'))) {
    const manifest = JSON.parse(readFileSync(join(root, 'packages', pkg, 'package.json'), 'utf8'));
    for (const [subpath, target] of Object.entries<Record<string, string> | string>(
      manifest.exports ?? {},
    )) {
      const source = typeof target === 'object' ? target['@saleschat-kit/source'] : undefined;
      if (source?.endsWith('.ts')) {
        paths[`${manifest.name}${subpath.slice(1)}`] = [join(root, 'packages', pkg, source)];
      }
    }
  }
  // Everything else (express, react, msw, next…) from the workspace packages that depend on it.
  const modules = [
    'apps/next-crm',
    'packages/proxy',
    'packages/react',
    'packages/fake-saleschat',
    '.',
  ];
  // Types first: a package's JavaScript found before its @types would count as resolved, untyped.
  paths['*'] = [
    ...modules.map((at) => join(root, at, 'node_modules', '@types', '*')),
    ...modules.map((at) => join(root, at, 'node_modules', '*')),
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
