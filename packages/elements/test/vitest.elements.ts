import { playwright } from '@vitest/browser-playwright';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import type { TestProjectInlineConfiguration } from 'vitest/config';

// msw is a dev dependency of this package.
const workerFile = createRequire(import.meta.url).resolve('msw/mockServiceWorker.js');

/** Serves msw's service worker at `/mockServiceWorker.js`, straight from the installed msw. */
const mswWorker: Plugin = {
  name: 'saleschat-elements:msw-worker',
  configureServer(server) {
    server.middlewares.use('/mockServiceWorker.js', (_request, response) => {
      response.setHeader('Content-Type', 'text/javascript');
      response.end(readFileSync(workerFile));
    });
  },
};

/** Debian's Chromium as the browser projects launch it (no sandbox in the container, no extras). */
export const headlessChromium = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

/**
 * The `elements` Vitest project: the custom elements in headless Chromium (Debian's), their
 * HTTP answered by msw's service worker as the proxy would answer.
 */
export const elementsProject: TestProjectInlineConfiguration = {
  root: fileURLToPath(new URL('..', import.meta.url)),
  resolve: { conditions: ['@saleschat-kit/source'] },
  plugins: [mswWorker],
  test: {
    name: 'elements',
    include: ['src/**/*.test.ts'],
    exclude: ['**/*.node.test.ts'],
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({ launchOptions: headlessChromium }),
      instances: [{ browser: 'chromium' }],
    },
  },
};
