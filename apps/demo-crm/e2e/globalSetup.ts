import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { freePort, stopProcessGroup, waitForOutput } from '../../../tests/support/startProcess';

declare module 'vitest' {
  export interface ProvidedContext {
    demoUrl: string;
    fakeSaleschatUrl: string;
  }
}

const root = fileURLToPath(new URL('../../..', import.meta.url));

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

  const urls = await waitForOutput(demo, 'demo', 180_000, (output) => {
    const demoUrl = /Demo CRM ready: open (\S+)/.exec(output)?.[1];
    const fakeSaleschatUrl = /fake Saleschat at (\S+)/.exec(output)?.[1];
    return demoUrl && fakeSaleschatUrl ? { demoUrl, fakeSaleschatUrl } : undefined;
  });
  project.provide('demoUrl', urls.demoUrl);
  project.provide('fakeSaleschatUrl', urls.fakeSaleschatUrl);
}

export async function teardown(): Promise<void> {
  await stopProcessGroup(demo);
}
