import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDataDir } from '../../test/testStores';
import { createEmbeddedStore } from './createEmbeddedStore';

const STORE_MODULE = fileURLToPath(new URL('./createEmbeddedStore.ts', import.meta.url));

/**
 * Another Node process that opens the store in `dataDir`, prints `ready`, then — with `writes`
 * — saves contacts one after the other, printing `saved <i>` once each save has resolved.
 */
function startHolder(dataDir: string, writes = 0) {
  const script = `
    import { createEmbeddedStore } from ${JSON.stringify(STORE_MODULE)};
    const store = createEmbeddedStore({ dataDir: process.argv[1] });
    await store.ready();
    console.log('ready');
    for (let i = 0; i < ${writes}; i++) {
      await store.saveContact('lead-' + i, 'c-' + i);
      console.log('saved ' + i);
    }
    setInterval(() => undefined, 60_000);
  `;
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions=@saleschat-kit/source',
      '--input-type=module',
      '-e',
      script,
      dataDir,
    ],
    { stdio: 'pipe' },
  );
  const lines = createInterface({ input: child.stdout });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  /** Resolves with the first line `match` accepts; rejects if the process ends first. */
  const waitFor = (match: (line: string) => boolean) =>
    new Promise<string>((resolve, reject) => {
      const onLine = (line: string) => {
        if (!match(line)) return;
        lines.off('line', onLine);
        resolve(line);
      };
      lines.on('line', onLine);
      child.once('exit', (code) => reject(new Error(`holder exited (${code}): ${stderr}`)));
    });
  return { child, waitFor };
}

function killed(child: ChildProcessWithoutNullStreams): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

describe('the embedded store across processes', () => {
  const cleanups: (() => void | Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function dataDir(): string {
    const { dataDir: dir, remove } = createTestDataDir();
    cleanups.push(remove);
    return dir;
  }

  it('loses no answered write when its process is killed with SIGKILL right after it', async () => {
    const dir = dataDir();
    const { child, waitFor } = startHolder(dir, 5_000);
    cleanups.push(() => void child.kill('SIGKILL'));
    // Killed the moment the 50th save has answered, while the process is still writing.
    const line = await waitFor((text) => text === 'saved 50');
    child.kill('SIGKILL');
    await killed(child);
    expect(child.signalCode).toBe('SIGKILL');
    expect(line).toBe('saved 50');

    const store = createEmbeddedStore({ dataDir: dir });
    cleanups.push(() => store.close());
    for (let i = 0; i <= 50; i++) {
      expect((await store.getContact(`lead-${i}`))?.scContactId).toBe(`c-${i}`);
    }
  }, 30_000);

  it('refuses a second process, naming the holder, and takes over once the holder is killed', async () => {
    const dir = dataDir();
    const before = Date.now();
    const { child, waitFor } = startHolder(dir);
    cleanups.push(() => void child.kill('SIGKILL'));
    await waitFor((line) => line === 'ready');

    const second = createEmbeddedStore({ dataDir: dir });
    cleanups.push(() => second.close());
    const refusal = await second.ready().then(
      () => undefined,
      (error: Error) => error,
    );
    expect(refusal?.message).toContain(`is open in process ${child.pid} on `);
    expect(refusal?.message).toContain('stop that process first');
    const since = /since ([^)]+)\)/.exec(refusal?.message ?? '')?.[1];
    expect(Date.parse(since ?? '')).toBeGreaterThanOrEqual(before - 1_000);

    // SIGKILL leaves the holder's note behind; the operating system drops its lock.
    child.kill('SIGKILL');
    await killed(child);
    await second.linkUser('u-after', 'sc-after');
    expect((await second.getUser('u-after'))?.scUserId).toBe('sc-after');
    const holder = JSON.parse(readFileSync(join(dir, 'holder.json'), 'utf8')) as { pid: number };
    expect(holder.pid).toBe(process.pid);
  }, 30_000);

  it('is refused to a second store in the same process too, and free again once closed', async () => {
    const dir = dataDir();
    const first = createEmbeddedStore({ dataDir: dir });
    await first.ready();
    const second = createEmbeddedStore({ dataDir: dir });
    await expect(second.ready()).rejects.toThrow(`open in process ${process.pid}`);
    await first.close();
    await second.ready();
    await second.close();
  });
});
