import type { NextConfig } from 'next';

const config: NextConfig = {
  // The workspace root, so Next does not guess it from the lockfiles it finds.
  turbopack: { root: new URL('../..', import.meta.url).pathname },
  // `npm test` type-checks the app with tsc (its typecheck script) before building it.
  typescript: { ignoreBuildErrors: true },
};

export default config;
