import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
const root = fileURLToPath(new URL('../..', import.meta.url));

function run(command: string, args: string[], cwd: string, timeoutMs: number): void {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: timeoutMs });
  if (result.status !== 0) {
    throw new Error(
      `\`${command} ${args.join(' ')}\` failed (${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`,
    );
  }
}

/**
 * What a new user does, outside the workspace: the kit's packages as npm would publish them
 * (packed by pnpm, publishConfig applied), installed with npm into a fresh Vite React app (the
 * template in ./app) in a temporary folder. npm's cache keeps later runs off the network.
 */
export function prepareConsumerApp(): { dir: string; remove(): void } {
  const pnpm = [join(root, 'scripts/pnpm.mjs')];
  // A no-op after `npm test`'s build step (turbo's cache); needed when this project runs alone.
  run(
    process.execPath,
    [
      ...pnpm,
      'exec',
      'turbo',
      'run',
      'build',
      '--filter=./packages/*',
      '--output-logs=errors-only',
    ],
    root,
    600_000,
  );

  const appDir = mkdtempSync(join(tmpdir(), 'saleschat-consumer-'));
  const tarballs = join(appDir, 'tarballs');
  run(
    process.execPath,
    [...pnpm, '-r', '--filter=./packages/*', 'pack', '--pack-destination', tarballs],
    root,
    120_000,
  );

  cpSync(fileURLToPath(new URL('app', import.meta.url)), appDir, { recursive: true });
  const manifestPath = join(appDir, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  for (const tarball of readdirSync(tarballs)) {
    // saleschat-kit-proxy-0.1.0.tgz → @saleschat-kit/proxy
    const name = `@saleschat-kit/${/^saleschat-kit-(.+)-\d+\.\d+\.\d+\.tgz$/.exec(tarball)?.[1]}`;
    manifest.dependencies[name] = `file:./tarballs/${tarball}`;
  }
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  run(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'],
    appDir,
    600_000,
  );
  return { dir: appDir, remove: () => rmSync(appDir, { recursive: true, force: true }) };
}
