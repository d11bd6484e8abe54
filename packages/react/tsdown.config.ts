import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' },
  format: 'esm',
  dts: true,
  sourcemap: true,
  clean: true,
  fixedExtension: false,
});
