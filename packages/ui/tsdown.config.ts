import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: { index: 'src/index.ts', 'locales/fr': 'src/locales/fr.ts' },
  format: 'esm',
  dts: true,
  sourcemap: true,
  clean: true,
  fixedExtension: false,
  // Shipped as written (readable, with its comments); the host's bundler minifies it.
  copy: ['src/styles.css'],
});
