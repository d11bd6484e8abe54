import type { StorybookConfig } from '@storybook/react-vite';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { defaultClientConditions, mergeConfig, type Plugin } from 'vite';

// msw is a dev dependency of packages/ui, where the stories live.
const workerFile = createRequire(new URL('../packages/ui/package.json', import.meta.url)).resolve(
  'msw/mockServiceWorker.js',
);

/**
 * Serves msw's service worker at `/mockServiceWorker.js` (dev server, Vitest browser runs) and
 * writes it into the static build, straight from the installed msw: no generated copy to commit
 * and keep in step with the msw version.
 */
function mswWorker(): Plugin {
  return {
    name: 'saleschat:msw-worker',
    configureServer(server) {
      server.middlewares.use('/mockServiceWorker.js', (_request, response) => {
        response.setHeader('Content-Type', 'text/javascript');
        response.end(readFileSync(workerFile));
      });
    },
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: 'mockServiceWorker.js',
        source: readFileSync(workerFile, 'utf8'),
      });
    },
  };
}

/** Designers' catalogue of every state of the kit's UI; `npm run storybook` serves it. */
const config: StorybookConfig = {
  stories: ['../packages/ui/src/**/*.stories.tsx', '../packages/elements/src/**/*.stories.tsx'],
  addons: ['@storybook/addon-a11y', '@storybook/addon-vitest'],
  framework: { name: '@storybook/react-vite', options: {} },
  core: { disableTelemetry: true },
  viteFinal: (vite) =>
    mergeConfig(vite, {
      // Read the workspace packages' source, as the tests do: no build needed first.
      resolve: { conditions: ['@saleschat-kit/source', ...defaultClientConditions] },
      plugins: [mswWorker()],
    }),
};

export default config;
