import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { elementsProject, headlessChromium } from './packages/elements/test/vitest.elements.ts';
import { jsdomReact18 } from './packages/react/vitest.react18.ts';

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
            'packages/cli/src/**/*.test.ts',
            'packages/saleschat-client/src/**/*.test.ts',
            // The demo CRM's server code (its sessions), without a browser.
            'apps/demo-crm/server/**/*.test.ts',
            'packages/*/src/**/*.node.test.{ts,tsx}',
            // Every TypeScript snippet of the READMEs, type-checked against the source.
            'tests/readme-snippets/*.test.ts',
          ],
        },
      },
      {
        ...sourceCondition,
        test: {
          // The proxy against the fake Saleschat over HTTP, with a real PostgreSQL server.
          name: 'proxy',
          environment: 'node',
          include: [
            'packages/proxy/src/**/*.test.ts',
            'packages/proxy/test/**/*.test.ts',
            // The benchmark's own helpers (call counting opens a real proxy and store).
            'bench/**/*.test.ts',
          ],
          exclude: [
            '**/*.node.test.ts',
            // The scale-out suite measures how proxy processes share Saleschat's per-second
            // budget; the Node 22/24 runs (scripts/testNodeVersions.mjs, two at once) distort that
            // timing, and its code is the same on every Node (PostgreSQL only).
            ...(process.env.SALESCHAT_KIT_OTHER_NODE ? ['packages/proxy/test/scaleOut/**'] : []),
          ],
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
      {
        test: {
          // The demo CRM started as `npm run demo` starts it, driven in headless Chromium.
          name: 'e2e',
          environment: 'node',
          include: ['apps/demo-crm/e2e/**/*.test.ts'],
          globalSetup: ['apps/demo-crm/e2e/globalSetup.ts'],
          testTimeout: 60_000,
          hookTimeout: 200_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          // The Next.js CRM (apps/next-crm) built and started against the fake, in Chromium.
          name: 'next-e2e',
          environment: 'node',
          include: ['apps/next-crm/e2e/**/*.test.ts'],
          globalSetup: ['apps/next-crm/e2e/globalSetup.ts'],
          testTimeout: 60_000,
          hookTimeout: 600_000,
        },
      },
      {
        test: {
          // The packed packages installed with npm into a fresh Vite React app outside the
          // workspace: strict type-check, build, require() from CommonJS, Login and Chat in Chromium.
          name: 'consumer',
          environment: 'node',
          include: ['tests/consumer/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 900_000,
        },
      },
      // packages/react's tests again, against React 18 (see that file).
      jsdomReact18,
      // The custom elements in headless Chromium (see that file).
      elementsProject,
      {
        // Every story rendered in headless Chromium: its play function and an axe check (an
        // accessibility violation fails). Stories and their msw setup come from .storybook/.
        plugins: [
          storybookTest({ configDir: fileURLToPath(new URL('.storybook', import.meta.url)) }),
        ],
        test: {
          name: 'storybook',
          // Each story runs its play function and an axe pass; the first also warms up Vite, and
          // the all-states grid clicks 60 buttons (about 27 s on a loaded 2-core machine).
          testTimeout: 60_000,
          browser: {
            enabled: true,
            headless: true,
            // Twice, once per system colour scheme (`prefers-color-scheme`): every story and its
            // axe check run with the system light and with it dark.
            instances: (['light', 'dark'] as const).map((colorScheme) => ({
              browser: 'chromium',
              name: `storybook (${colorScheme} system)`,
              provider: playwright({
                launchOptions: headlessChromium,
                contextOptions: { colorScheme },
              }),
            })),
          },
        },
      },
    ],
  },
});
