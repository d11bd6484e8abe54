import { execFile, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './startProcess';

const run = promisify(execFile);

/** A PostgreSQL server in a temporary folder, on a free loopback port, as the tests and the bench start one. */
export interface PostgresCluster {
  /** Superuser URL of its `postgres` database. */
  url: string;
  /** `postgres (PostgreSQL) 15.x`. */
  version: string;
  /** `pg_ctl -m immediate restart`: every connection cut, crash recovery; resolves once it accepts connections again. */
  restartImmediately(): Promise<void>;
  /** Stops the server (immediately) and removes its folder; safe to call twice. */
  stop(): Promise<void>;
}

export interface PostgresClusterOptions {
  /** Beginning of the temporary folder's name. */
  prefix: string;
  /** Server settings on top of the address and port, e.g. `['fsync=off', 'max_connections=200']`. */
  settings?: readonly string[];
  /** Also stop it when the process exits without calling `stop()` (a bench stopped half-way). */
  stopOnExit?: boolean;
}

/** The newest installed PostgreSQL server's binaries, e.g. /usr/lib/postgresql/15/bin. */
function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => /^\d+$/.test(name) && existsSync(join(root, name, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0]) {
    throw new Error(
      `No PostgreSQL server under ${root}: install Debian's postgresql package (apt-get install postgresql).`,
    );
  }
  return join(root, versions[0], 'bin');
}

/** PostgreSQL refuses to run as root: as root, its commands run as the `postgres` user. */
function asPostgres(command: string, args: readonly string[]): [string, string[]] {
  return process.getuid?.() === 0
    ? ['runuser', ['-u', 'postgres', '--', command, ...args]]
    : [command, [...args]];
}

/** Creates a cluster (initdb) and starts it; on failure nothing is left behind. */
export async function startPostgresCluster(
  options: PostgresClusterOptions,
): Promise<PostgresCluster> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), `${options.prefix}-`));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  const pgCtl = join(bin, 'pg_ctl');
  const stopArgs = ['-D', data, '-m', 'immediate', '-w', 'stop'];
  const pg = (command: string, args: readonly string[]) =>
    run(...asPostgres(command, args), { timeout: 90_000 });

  const stopNow = () => {
    if (existsSync(join(data, 'postmaster.pid'))) {
      spawnSync(...asPostgres(pgCtl, stopArgs), { stdio: 'ignore', timeout: 30_000 });
    }
    rmSync(dir, { recursive: true, force: true });
  };
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', stopNow);
    if (existsSync(join(data, 'postmaster.pid'))) {
      await pg(pgCtl, stopArgs).catch(() => undefined);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    if (process.getuid?.() === 0) {
      const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
      const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
      chownSync(dir, uid, gid);
    }
    await pg(join(bin, 'initdb'), [
      ...['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync'],
    ]);
    const port = await freePort();
    const serverOptions = [
      `-k ${dir} -c listen_addresses=127.0.0.1 -p ${port}`,
      ...(options.settings ?? []).map((setting) => `-c ${setting}`),
    ].join(' ');
    if (options.stopOnExit) process.once('exit', stopNow);
    await pg(pgCtl, ['-D', data, '-l', log, '-o', serverOptions, '-w', 'start']);
    const version = (await run(join(bin, 'postgres'), ['--version'])).stdout.trim();
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      version,
      // pg_ctl restart starts the server again with the options it was started with.
      restartImmediately: async () => {
        await pg(pgCtl, ['-D', data, '-l', log, '-m', 'immediate', '-w', 'restart']);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
