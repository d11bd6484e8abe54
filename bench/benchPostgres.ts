/**
 * The PostgreSQL server the bench's PostgreSQL figures run on: the one of BENCH_POSTGRES_URL, or
 * else a throwaway cluster started here on a free loopback port (initdb and pg_ctl from Debian's
 * postgresql package, as the `postgres` user when the bench runs as root) and removed afterwards,
 * so that `npm run bench` gives those figures on any machine with PostgreSQL installed.
 */
import { execFile, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openPostgresDriver } from '../packages/proxy/src/store/createPostgresStore';
import { freePort } from '../tests/support/startProcess';

const run = promisify(execFile);

/**
 * Where the PostgreSQL figures run, as the server-side parts receive it (JSON, also in a child
 * process on another Node): a superuser URL of the server and where it comes from, or why there
 * is none.
 */
export type PostgresSource = { serverUrl: string; origin: string } | { unavailable: string };

export interface BenchPostgres {
  source: PostgresSource;
  /** Stops and removes the throwaway cluster, if one was started; resolves once it is gone. */
  stop(): Promise<void>;
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
      `no PostgreSQL server under ${root} (apt-get install postgresql) and BENCH_POSTGRES_URL is not set`,
    );
  }
  return join(root, versions[0], 'bin');
}

/** PostgreSQL refuses to run as root: as root, its commands run as the `postgres` user. */
function asPostgres(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0
    ? ['runuser', ['-u', 'postgres', '--', command, ...args]]
    : [command, args];
}

async function startCluster(): Promise<BenchPostgres> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'saleschat-bench-pg-'));
  const data = join(dir, 'data');
  const pgCtl = join(bin, 'pg_ctl');
  const stopArgs = ['-D', data, '-m', 'immediate', '-w', 'stop'];
  // A bench that dies half-way must not leave the server running.
  const onExit = () => {
    spawnSync(...asPostgres(pgCtl, stopArgs), { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (process.getuid?.() === 0) {
      const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
      const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
      chownSync(dir, uid, gid);
    }
    await run(
      ...asPostgres(join(bin, 'initdb'), [
        '-D',
        data,
        '-U',
        'postgres',
        '-A',
        'trust',
        '-E',
        'UTF8',
        '--no-sync',
      ]),
    );
    const port = await freePort();
    // Settings a host would run with (fsync on, unlike the test suite's server), and enough
    // connections for four proxy processes of the scale-out part.
    const options = `-k ${dir} -c listen_addresses=127.0.0.1 -p ${port} -c max_connections=250`;
    process.once('exit', onExit);
    await run(
      ...asPostgres(pgCtl, [
        '-D',
        data,
        '-l',
        join(dir, 'server.log'),
        '-o',
        options,
        '-w',
        'start',
      ]),
    );
    const version = (await run(join(bin, 'postgres'), ['--version'])).stdout.trim();
    return {
      source: {
        serverUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
        origin: `a throwaway cluster started by the bench (${version}, 127.0.0.1:${port})`,
      },
      async stop() {
        await run(...asPostgres(pgCtl, stopArgs)).catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
        process.off('exit', onExit);
      },
    };
  } catch (error) {
    onExit();
    process.off('exit', onExit);
    throw error;
  }
}

/**
 * The server of BENCH_POSTGRES_URL when set (left as it is, but for the databases the parts
 * create on it), else a throwaway cluster; when neither is possible, the reason, for the rows
 * that need it.
 */
export async function openBenchPostgres(
  url = process.env.BENCH_POSTGRES_URL,
): Promise<BenchPostgres> {
  if (url) {
    try {
      // Reached once here, so that a wrong URL says so in the rows instead of failing each part.
      const server = await openPostgresDriver({ connectionString: url });
      try {
        await server.exec('SELECT 1');
      } finally {
        await server.close();
      }
    } catch (error) {
      const host = new URL(url).host;
      return {
        source: {
          unavailable: `BENCH_POSTGRES_URL (${host}) cannot be reached: ${(error as Error).message}`,
        },
        stop: async () => {},
      };
    }
    return { source: { serverUrl: url, origin: 'BENCH_POSTGRES_URL' }, stop: async () => {} };
  }
  try {
    return await startCluster();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // execFile's errors carry the whole command line first: the last stderr line says why.
    const reason = (error as { stderr?: string }).stderr?.trim().split('\n').at(-1) || message;
    return {
      source: { unavailable: `no PostgreSQL server could be started: ${reason}` },
      stop: async () => {},
    };
  }
}

/** A new, empty database on the server, for one part; its URL. */
export async function freshDatabase(serverUrl: string, prefix: string): Promise<string> {
  const name = `${prefix}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const server = await openPostgresDriver({ connectionString: serverUrl });
  try {
    await server.exec(`CREATE DATABASE ${name}`);
  } finally {
    await server.close();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.href;
}
