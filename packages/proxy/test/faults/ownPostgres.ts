import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../../../tests/support/startProcess';

const run = promisify(execFile);

/** A PostgreSQL server of this test's own (the suite's shared one must not be restarted). */
export interface OwnPostgres {
  /** Superuser URL of its `postgres` database. */
  url: string;
  /** `pg_ctl -m immediate restart`: every connection cut, crash recovery; resolves once it accepts connections again. */
  restartImmediately(): Promise<void>;
  /** Stops the server (immediately) and removes its folder; safe to call twice. */
  stop(): Promise<void>;
}

/** PostgreSQL refuses to run as root, so as root its tools run as the `postgres` user (as in globalSetup.ts). */
async function asPostgres(command: string, args: string[]): Promise<void> {
  const isRoot = process.getuid?.() === 0;
  await (isRoot
    ? run('runuser', ['-u', 'postgres', '--', command, ...args], { timeout: 90_000 })
    : run(command, args, { timeout: 90_000 }));
}

/**
 * Creates a cluster in a temporary folder and starts it on a free loopback port. fsync is off
 * (the machine does not crash, only PostgreSQL does), but commits stay synchronous: a commit
 * acknowledged before `-m immediate` must still be there after it, as on a real server.
 */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const root = '/usr/lib/postgresql';
  const version = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(join(root, name, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(b) - Number(a))[0]
    : undefined;
  if (!version) throw new Error(`No PostgreSQL server under ${root} (apt-get install postgresql).`);
  const bin = join(root, version, 'bin');
  const dir = mkdtempSync(join(tmpdir(), 'saleschat-faults-pg-'));
  const data = join(dir, 'data');
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (existsSync(join(data, 'postmaster.pid'))) {
      await asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(
        () => undefined,
      );
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (process.getuid?.() === 0) {
      const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
      const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
      chownSync(dir, uid, gid);
    }
    await asPostgres(join(bin, 'initdb'), [
      ...['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync'],
    ]);
    const port = await freePort();
    const options = `-k ${dir} -c listen_addresses=127.0.0.1 -p ${port} -c fsync=off -c full_page_writes=off -c max_connections=100`;
    const log = join(dir, 'server.log');
    await asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-l', log, '-o', options, '-w', 'start']);
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      // pg_ctl restart starts the server again with the options it was started with.
      restartImmediately: () =>
        asPostgres(join(bin, 'pg_ctl'), [
          '-D',
          data,
          '-l',
          log,
          '-m',
          'immediate',
          '-w',
          'restart',
        ]),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
