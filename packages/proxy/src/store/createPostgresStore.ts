import type Pg from 'pg';
import { createSqlStore } from './createSqlStore';
import { importOptional } from './importOptional';
import { listenOnPostgres } from './listenOnPostgres';
import type { SqlConnection, SqlDriver, Store } from './types';

/** The part of a `pg` client the store uses. */
interface PgClientLike {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** The part of a `pg` pooled connection the store uses. */
interface PgPoolClientLike extends PgClientLike {
  on(event: 'error', listener: (error: Error) => void): unknown;
  off(event: 'error', listener: (error: Error) => void): unknown;
  release(destroy?: boolean): void;
}

/** The part of a `pg` Pool the store uses, so the kit's types do not depend on `@types/pg`. */
export interface PgPoolLike extends PgClientLike {
  connect(): Promise<PgPoolClientLike>;
  end(): Promise<void>;
}

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:5432/database`. Required unless `pool` is given. */
  connectionString?: string;
  /**
   * Use the host's own `pg` Pool instead of opening one; the store then does not end it, and
   * books the shared rate budget on it too (keep a connection spare for it). Default: none.
   */
  pool?: PgPoolLike;
  /** Connections in the store's own pool. Default: 10. */
  maxConnections?: number;
  /** Called with errors of idle connections, which `pg` would otherwise throw. Default: ignore them (`pg` reconnects on the next query). */
  onError?: (error: Error) => void;
}

function connectionOf(client: PgClientLike): SqlConnection {
  return {
    async query<Row>(text: string, params?: readonly unknown[]) {
      const result = await client.query(text, params ? [...params] : undefined);
      return result.rows as Row[];
    },
    async exec(text: string) {
      await client.query(text);
    },
  };
}

/** Lets at most `size` callers run at once; the others wait their turn, first come first served. */
function createSemaphore(size: number) {
  let free = size;
  const waiting: (() => void)[] = [];
  return async function withSlot<T>(fn: () => Promise<T>): Promise<T> {
    if (free > 0) free--;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await fn();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else free++;
    }
  };
}

/**
 * The driver on a PostgreSQL server: the given pool or its own. Instances sharing the database
 * take turns through session advisory locks, which PostgreSQL releases by itself when a
 * connection dies.
 */
export async function openPostgresDriver(options: PostgresStoreOptions): Promise<SqlDriver> {
  const onError = options.onError ?? (() => undefined);
  let sharedPool: PgPoolLike;
  let budgetPool: PgPoolLike | undefined;
  const ownPool = !options.pool;
  if (options.pool) {
    sharedPool = options.pool;
  } else {
    // Loaded on first use, so a host on the embedded store needs no `pg`.
    const { default: pg } = await importOptional<{ default: typeof Pg }>(
      'pg',
      'The PostgreSQL store',
      '^8.11.0',
    );
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 10,
    });
    // Without a listener, an idle connection dropped by the server would crash the process.
    pool.on('error', onError);
    sharedPool = pool;
    // The rate budget's own connections: every lock holder may be waiting for a slot.
    const budget = new pg.Pool({ connectionString: options.connectionString, max: 2 });
    budget.on('error', onError);
    budgetPool = budget;
  }
  // A lock holder keeps its connection while it waits on Saleschat, and the writes it waits on
  // (a new contact's mapping, which may outlive the click) take another one from the pool. At
  // most `max - 2` holders at once, so those writes always find a connection: without this,
  // `max` concurrent new leads would hold every connection and stall until their timeout.
  const poolSize =
    options.maxConnections ?? (options.pool as { options?: { max?: number } })?.options?.max ?? 10;
  const withLockSlot = createSemaphore(Math.max(1, poolSize - 2));
  return {
    dialect: 'postgres',
    ...connectionOf(sharedPool),
    withLock: (scope, key, fn) => withLockSlot(() => lockOn(scope, key, fn)),
    ...(budgetPool ? { budget: connectionOf(budgetPool) } : {}),
    listen: (channel, handlers) => listenOnPostgres(sharedPool, channel, handlers, onError),
    async close() {
      if (ownPool) await Promise.all([sharedPool.end(), budgetPool?.end()]);
    },
  };

  async function lockOn<T>(
    scope: string,
    key: string,
    fn: (connection: SqlConnection) => Promise<T>,
  ): Promise<T> {
    const client = await sharedPool.connect();
    // The connection is checked out while `fn` waits on Saleschat: a server-side disconnect
    // then would be an unhandled 'error' event.
    client.on('error', onError);
    let healthy = false;
    try {
      await client.query('SELECT pg_advisory_lock(hashtext($1), hashtext($2))', [scope, key]);
      try {
        return await fn(connectionOf(client));
      } finally {
        healthy = await client
          .query('SELECT pg_advisory_unlock(hashtext($1), hashtext($2))', [scope, key])
          .then(
            () => true,
            () => false,
          );
      }
    } finally {
      client.off('error', onError);
      // A connection that could not unlock may still hold the lock: destroying it frees it.
      client.release(!healthy);
    }
  }
}

/**
 * The store on a PostgreSQL server, for hosts that run several proxy instances or already run
 * PostgreSQL. Same schema, migrations and queries as the embedded store.
 */
export function createPostgresStore(options: PostgresStoreOptions): Store {
  if (!options.pool && !options.connectionString) {
    throw new TypeError(
      'createPostgresStore() needs a connectionString (postgres://user:password@host/database) or a pool.',
    );
  }
  return createSqlStore(() => openPostgresDriver(options), { dialect: 'postgres' });
}
