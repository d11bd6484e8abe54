import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const PYTHON_HOST = fileURLToPath(new URL('./pythonHost.py', import.meta.url));

/** A child process, its output so far, and how to stop it. */
export interface Child {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code once it has exited. */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

function track(child: ChildProcess): Child {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => resolve(code)),
  );
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    async stop(graceMs = 10_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Waits until `read()` matches `pattern` (or the process exits, or `timeoutMs` passes). */
export async function waitFor(
  child: Child,
  pattern: RegExp,
  timeoutMs = 30_000,
): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(child.stdout());
    if (match) return match;
    if (child.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(
        `Waited for ${pattern} in vain (exit ${child.child.exitCode}).\nstdout: ${child.stdout().slice(-2000)}\nstderr: ${child.stderr().slice(-2000)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** `saleschat-kit <args>` from source, in its own process. */
export function spawnCli(args: string[], env: Record<string, string>): Child {
  return track(
    spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@saleschat-kit/source', BIN, ...args],
      {
        cwd: PACKAGE_DIR,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    ),
  );
}

/** `saleschat-kit serve` on a free port; resolves once it listens, with its origin. */
export async function startServeProcess(env: Record<string, string>) {
  const serve = spawnCli(['serve', '--port', '0'], env);
  const [, url] = await waitFor(serve, /"url":"(http:\/\/[^"]+)"/, 60_000);
  return { serve, url: url as string };
}

/** The Python host (pythonHost.py, standard library only); resolves with its origin. */
export async function startPythonHost(env: Record<string, string>) {
  const host = track(
    spawn('python3', [PYTHON_HOST], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const [, port] = await waitFor(host, /listening (\d+)/, 15_000);
  return { host, url: `http://127.0.0.1:${port}` };
}
