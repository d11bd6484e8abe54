/**
 * The PostgreSQL server the bench's PostgreSQL figures run on: the one of BENCH_POSTGRES_URL, or
 * else a throwaway cluster started here on a free loopback port (initdb and pg_ctl from Debian's
 * postgresql package, as the `postgres` user when the bench runs as root) and removed afterwards,
 * so that `npm run bench` gives those figures on any machine with PostgreSQL installed.
 */
import { openPostgresDriver } from '../packages/proxy/src/store/createPostgresStore';
import { startPostgresCluster } from '../tests/support/startPostgresCluster';

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

async function startCluster(): Promise<BenchPostgres> {
  const cluster = await startPostgresCluster({
    prefix: 'saleschat-bench-pg',
    // Settings a host would run with (fsync on, unlike the test suite's server), and enough
    // connections for four proxy processes of the scale-out part.
    settings: ['max_connections=250'],
    // A bench that dies half-way must not leave the server running.
    stopOnExit: true,
  });
  const port = new URL(cluster.url).port;
  return {
    source: {
      serverUrl: cluster.url,
      origin: `a throwaway cluster started by the bench (${cluster.version}, 127.0.0.1:${port})`,
    },
    stop: cluster.stop,
  };
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
