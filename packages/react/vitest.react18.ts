import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { TestProjectInlineConfiguration } from 'vitest/config';

/**
 * The `jsdom-react18` Vitest project: this package's tests again, against React 18.
 *
 * `react-18` and `react-dom-18` are npm aliases in devDependencies. Aliasing the imports of our
 * own code is not enough: react-dom 18 `require`s "react" itself, and pnpm links it to the
 * workspace's React 19 (it resolves peers by name). So the libraries that import React are
 * pre-bundled by Vite's optimizer, where a small resolver plugin points every React import at
 * the 18 copies. (Vitest keeps "react" itself out of `optimizer.include`, hence the plugin.)
 */
const REACT_18: Record<string, string> = {
  react: 'react-18',
  'react/jsx-runtime': 'react-18/jsx-runtime',
  'react/jsx-dev-runtime': 'react-18/jsx-dev-runtime',
  'react-dom': 'react-dom-18',
  'react-dom/client': 'react-dom-18/client',
  'react-dom/server': 'react-dom-18/server',
  'react-dom/test-utils': 'react-dom-18/test-utils',
};

const packageRequire = createRequire(import.meta.url);
const sourceCondition = { conditions: ['@saleschat-kit/source'] };

export const jsdomReact18: TestProjectInlineConfiguration = {
  // The optimizer resolves `include` from the root, and the aliases live in this package.
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: {
    ...sourceCondition,
    alias: Object.entries(REACT_18).map(([find, replacement]) => ({
      find: new RegExp(`^${find}$`),
      replacement,
    })),
  },
  ssr: { resolve: sourceCondition },
  test: {
    name: 'jsdom-react18',
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    exclude: ['**/*.node.test.{ts,tsx}'],
    deps: {
      optimizer: {
        client: {
          enabled: true,
          include: [...Object.values(REACT_18), '@tanstack/react-query', '@testing-library/react'],
          rolldownOptions: {
            plugins: [
              {
                name: 'saleschat-kit:react-18',
                resolveId: (id: string) => {
                  const target = REACT_18[id];
                  return target ? packageRequire.resolve(target) : null;
                },
              },
            ],
          },
        },
      },
    },
  },
};
