#!/usr/bin/env node
// Bundle cost to a host: each entry bundled as a host's bundler would (minified, peers left out),
// then gzipped. Fails when a figure is over its budget. Run after `pnpm build`.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

/** Peers the host already ships, so they do not count against the kit. */
const PEERS = ['react', 'react-dom', 'react/jsx-runtime', '@tanstack/react-query'];

/** name → entries bundled together, and the budget in bytes (min+gz). */
const BUDGETS = [
  { name: 'core', entries: ['packages/core/dist/index.js'], budget: 2048 },
  {
    name: 'core + react',
    entries: ['packages/core/dist/index.js', 'packages/react/dist/index.js'],
    budget: 2560,
  },
  // ui's own code: the kit's other packages and Radix are counted in the line after next.
  {
    name: 'ui (own code)',
    entries: ['packages/ui/dist/index.js'],
    external: [...PEERS, '@radix-ui/*', '@saleschat-kit/*'],
    budget: 4096,
  },
  { name: 'ui styles.css', entries: ['packages/ui/dist/styles.css'], css: true, budget: 2048 },
  {
    name: 'core + react + ui + Radix',
    entries: [
      'packages/core/dist/index.js',
      'packages/react/dist/index.js',
      'packages/ui/dist/index.js',
    ],
    budget: 18432,
  },
];

/**
 * What a host's bundle gains by using every export of the entries: each export is imported and
 * kept alive, so nothing is tree-shaken away, but the export names themselves do not count (a
 * host's bundler inlines them away).
 */
export async function measure(entries, external = PEERS) {
  const lines = [];
  const kept = [];
  for (const [index, entry] of entries.entries()) {
    lines.push(`import * as m${index} from ${JSON.stringify(`./${entry}`)};`);
    const names = Object.keys(await import(new URL(`../${entry}`, import.meta.url).href));
    kept.push(...names.map((name) => `m${index}.${name}`));
  }
  const contents = `${lines.join('\n')}\nglobalThis.__kept = [${kept.join(', ')}];`;
  const result = await build({
    stdin: { contents, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    external,
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  return { minified: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

/** A stylesheet as a host's bundler ships it: minified, then gzipped. */
async function measureCss([entry]) {
  const result = await build({
    entryPoints: [entry],
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  return { minified: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

let failed = false;
for (const { name, entries, budget, external, css } of BUDGETS) {
  const missing = entries.filter((entry) => !existsSync(entry));
  if (missing.length > 0) {
    console.error(`size: ${name}: ${missing.join(', ')} not built; run the build first`);
    failed = true;
    continue;
  }
  const { minified, gzip } = css ? await measureCss(entries) : await measure(entries, external);
  const over = gzip > budget;
  failed ||= over;
  console.log(
    `size: ${name.padEnd(24)} ${String(minified).padStart(7)} B min  ${String(gzip).padStart(6)} B min+gz  budget ${budget} B  ${over ? 'OVER BUDGET' : 'ok'}`,
  );
}
process.exit(failed ? 1 : 0);
