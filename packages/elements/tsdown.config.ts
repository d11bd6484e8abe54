import { defineConfig } from 'tsdown';

export default defineConfig([
  // For bundlers: core stays a dependency, shared with the host's other kit packages.
  {
    entry: { index: 'src/index.ts' },
    format: 'esm',
    dts: true,
    sourcemap: true,
    clean: true,
    fixedExtension: false,
  },
  // For a page without a bundler: one file, core included, minified (`<script type="module">`).
  {
    entry: { 'saleschat-elements': 'src/index.ts' },
    format: 'esm',
    deps: { alwaysBundle: [/^@saleschat-kit\//] },
    minify: true,
    target: 'es2022',
    platform: 'browser',
    dts: false,
    clean: false,
    fixedExtension: false,
  },
]);
