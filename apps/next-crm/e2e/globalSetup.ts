import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    nextCrmUrl: string;
  }
}

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** A port the OS says is free right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(),
      );
    });
  });
}

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
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`next-crm did not start:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /Next CRM ready: open (\S+)/.exec(output)?.[1];
      if (ready) {
        clearTimeout(timer);
        resolve(ready);
      }
    };
    app?.stdout?.on('data', read);
    app?.stderr?.on('data', read);
    app?.on('exit', (code) => reject(new Error(`next-crm exited (${code}):\n${output}`)));
  });
  project.provide('nextCrmUrl', url);
}

export async function teardown(): Promise<void> {
  if (!app?.pid) return;
  const exited = new Promise((resolve) => app?.once('exit', resolve));
  process.kill(-app.pid, 'SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
}
