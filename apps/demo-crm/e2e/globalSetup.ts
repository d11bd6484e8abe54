import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    demoUrl: string;
    fakeSaleschatUrl: string;
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

let demo: ChildProcess | undefined;

/**
 * Starts the demo the way `npm run demo` does after installing (`pnpm run demo:start`: build
 * what is missing, then start), on free ports, and hands its URLs to the tests.
 */
export async function setup(project: TestProject): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DEMO_PORT: String(await freePort()),
    FAKE_SALESCHAT_PORT: String(await freePort()),
  };
  delete env.SALESCHAT_API_TOKEN; // always the fake here
  demo = spawn(process.execPath, ['scripts/pnpm.mjs', 'run', 'demo:start'], {
    cwd: root,
    env,
    detached: true, // its own process group, so teardown stops pnpm, tsx and the server alike
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  let output = '';
  const urls = await new Promise<{ demoUrl: string; fakeSaleschatUrl: string }>(
    (resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`demo did not start:\n${output}`)), 180_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const demoUrl = /Demo CRM ready: open (\S+)/.exec(output)?.[1];
        const fakeSaleschatUrl = /fake Saleschat at (\S+)/.exec(output)?.[1];
        if (demoUrl && fakeSaleschatUrl) {
          clearTimeout(timer);
          resolve({ demoUrl, fakeSaleschatUrl });
        }
      };
      demo?.stdout?.on('data', read);
      demo?.stderr?.on('data', read);
      demo?.on('exit', (code) => reject(new Error(`demo exited (${code}):\n${output}`)));
    },
  );
  project.provide('demoUrl', urls.demoUrl);
  project.provide('fakeSaleschatUrl', urls.fakeSaleschatUrl);
}

export async function teardown(): Promise<void> {
  if (!demo?.pid) return;
  const exited = new Promise((resolve) => demo?.once('exit', resolve));
  process.kill(-demo.pid, 'SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
}
