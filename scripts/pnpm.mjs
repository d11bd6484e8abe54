#!/usr/bin/env node
// Runs the pnpm version pinned in package.json's "packageManager" on a machine that has only
// Node.js and npm. Corepack's signature check fails against our registry, so we go through npx.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { packageManager } = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
);
const version = /^pnpm@(\d+\.\d+\.\d+)$/.exec(packageManager)?.[1];
if (!version)
  throw new Error(
    `package.json "packageManager" must pin an exact pnpm version, got ${packageManager}`,
  );

const result = spawnSync('npx', ['--yes', `pnpm@${version}`, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    npm_config_loglevel: 'error',
    npm_config_update_notifier: 'false',
    // Nothing here reaches the internet beyond the registry; do not try.
    TURBO_TELEMETRY_DISABLED: '1',
    DO_NOT_TRACK: '1',
  },
});
process.exit(result.status ?? 1);
