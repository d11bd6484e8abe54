import { defineConfig } from 'vitest/config';

/**
 * One Vitest run for the whole workspace. Packages read each other's source through the
 * `@saleschat-kit/source` export condition, so no test waits on a build.
 */
const sourceCondition = {
  resolve: { conditions: ['@saleschat-kit/source'] },
  ssr: { resolve: { conditions: ['@saleschat-kit/source'] } },
};

export default defineConfig({
  test: {
    projects: [
      {
        ...sourceCondition,
        test: {
          // Server code, and "imports without a DOM" checks of browser packages (*.node.test.*).
          name: 'node',
          environment: 'node',
          include: [
            'packages/core/src/**/*.test.ts',
            'packages/fake-saleschat/src/**/*.test.ts',
            'packages/*/src/**/*.node.test.{ts,tsx}',
          ],
        },
      },
      {
        ...sourceCondition,
        test: {
          // The proxy against the fake Saleschat over HTTP, with a real PostgreSQL server.
          name: 'proxy',
          environment: 'node',
          include: ['packages/proxy/src/**/*.test.ts', 'packages/proxy/test/**/*.test.ts'],
          exclude: ['**/*.node.test.ts'],
          globalSetup: ['packages/proxy/test/globalSetup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        ...sourceCondition,
        test: {
          name: 'jsdom',
          environment: 'jsdom',
          include: ['packages/{react,ui}/src/**/*.test.{ts,tsx}'],
          exclude: ['**/*.node.test.{ts,tsx}'],
        },
      },
    ],
  },
});
