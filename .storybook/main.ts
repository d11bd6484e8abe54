import type { StorybookConfig } from '@storybook/react-vite';
import { defaultClientConditions, mergeConfig } from 'vite';
import { mswWorker } from './mswWorker';

/** Designers' catalogue of every state of the kit's UI; `npm run storybook` serves it. */
const config: StorybookConfig = {
  stories: ['../packages/ui/src/**/*.stories.tsx'],
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
