import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { freePort, stopProcessGroup, waitForOutput } from '../../../tests/support/startProcess';

declare module 'vitest' {
  export interface ProvidedContext {
    nextCrmUrl: string;
  }
}

const root = fileURLToPath(new URL('../../..', import.meta.url));

let app: ChildProcess | undefined;

/**
 * Builds what is missing (turbo's cache makes this a no-op after `npm test`'s build step), then
 * starts the Next CRM against the fake Saleschat on a free port, as `pnpm --filter next-crm start`.
 */
export async function setup(project: TestProject): Promise<void> {
  const build = spawnSync(
    process.execPath,
    [
      'scripts/pnpm.mjs',
      'exec',
      'turbo',
      'run',
      'build',
      '--filter=next-crm...',
      '--output-logs=errors-only',
    ],
    { cwd: root, encoding: 'utf8', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } },
  );
  if (build.status !== 0) throw new Error(`next-crm build failed:\n${build.stdout}${build.stderr}`);

  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(await freePort()) };
  delete env.SALESCHAT_API_TOKEN; // always the fake here
  app = spawn(process.execPath, ['--import', 'tsx', 'scripts/startWithFake.ts'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env,
    detached: true, // its own process group, so teardown stops the script and `next start` alike
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await waitForOutput(
    app,
    'next-crm',
    60_000,
    (output) => /Next CRM ready: open (\S+)/.exec(output)?.[1],
  );
  project.provide('nextCrmUrl', url);
}

export async function teardown(): Promise<void> {
  await stopProcessGroup(app);
}
