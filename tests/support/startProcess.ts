import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A loopback port the OS says is free right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no free port')),
      );
    });
  });
}

/**
 * Waits until `find` recognises the started process's output (stdout and stderr together) as
 * ready, and resolves with what it found. Rejects with the whole output if the process exits or
 * `timeoutMs` passes first, so a failed start says why.
 */
export function waitForOutput<T>(
  child: ChildProcess,
  name: string,
  timeoutMs: number,
  find: (output: string) => T | undefined,
): Promise<T> {
  let output = '';
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not start:\n${output}`)),
      timeoutMs,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const found = find(output);
      if (found !== undefined) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.on('exit', (code) => reject(new Error(`${name} exited (${code}):\n${output}`)));
  });
}

/** Stops a process started with `detached: true` and all its group; waits up to 5 s for it. */
export async function stopProcessGroup(child: ChildProcess | undefined): Promise<void> {
  if (!child?.pid) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid, 'SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
}
