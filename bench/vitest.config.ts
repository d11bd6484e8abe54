import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The bench's own tests: `vitest run --config bench/vitest.config.ts`. Apart from the root
 * config, which does not list bench/ (and whose projects this folder may not change).
 */
export default defineConfig({
  resolve: { conditions: ['@saleschat-kit/source'] },
  ssr: { resolve: { conditions: ['@saleschat-kit/source'] } },
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
