import { build } from 'esbuild';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface BenchPage {
  /** Folder holding index.html, page.mjs (ESM, served as /page.js) and styles.css. */
  dir: string;
  /** The page's files by URL path, for startLoopbackKit's `files`. */
  files: Record<string, { path: string; type: string }>;
  remove(): void;
}

const HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Saleschat kit bench</title>
    <link rel="stylesheet" href="/styles.css" />
  </head>
  <body>
    <script type="module">
      import * as bench from '/page.js';
      window.bench = bench;
      document.documentElement.dataset.ready = '';
    </script>
  </body>
</html>
`;

/**
 * Bundles bench/page/benchPage.js with the kit's built dist (not its source) and React in
 * production mode, minified, as a host's bundler would. Needs the packages built.
 */
export async function buildBenchPage(): Promise<BenchPage> {
  const dir = mkdtempSync(join(tmpdir(), 'saleschat-kit-page-'));
  await build({
    entryPoints: [resolve('bench/page/benchPage.js')],
    outfile: join(dir, 'page.mjs'),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    define: { 'process.env.NODE_ENV': '"production"' },
    // bench/ is no workspace package: resolve React and the kit as packages/ui does, and ui
    // itself to its built entry.
    nodePaths: [resolve('packages/ui/node_modules')],
    alias: { '@saleschat-kit/ui': resolve('packages/ui/dist/index.js') },
    logLevel: 'silent',
  });
  copyFileSync('packages/ui/dist/styles.css', join(dir, 'styles.css'));
  writeFileSync(join(dir, 'index.html'), HTML);
  return {
    dir,
    files: {
      '/': { path: join(dir, 'index.html'), type: 'text/html; charset=utf-8' },
      '/page.js': { path: join(dir, 'page.mjs'), type: 'text/javascript; charset=utf-8' },
      '/styles.css': { path: join(dir, 'styles.css'), type: 'text/css; charset=utf-8' },
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
