import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { createSqlStore } from './createSqlStore';
import { importOptional } from './importOptional';
import type { SqlConnection, SqlDriver, Store } from './types';

export interface EmbeddedStoreOptions {
  /** Folder the embedded database persists to. Default: `./.data/saleschat` (relative to the working directory). */
  dataDir?: string;
}

/** The default data folder of the embedded store. */
export const DEFAULT_DATA_DIR = './.data/saleschat';

/** The database file in the data folder. */
const DATABASE_FILE = 'saleschat.sqlite';

/** Who holds the folder, written once the lock is taken, for the next opener's error. */
const HOLDER_FILE = 'holder.json';

/** The part of `node:sqlite`'s statements and better-sqlite3's the store uses. */
interface SqliteStatement {
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): unknown;
  /** better-sqlite3 only: whether the statement returns rows (its `all()` refuses others). */
  readonly reader?: boolean;
}

/** The part of `node:sqlite`'s `DatabaseSync` and better-sqlite3's `Database` the store uses. */
interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): void;
  close(): void;
}

type OpenDatabase = (file: string) => SqliteDatabase;

/**
 * Node's own SQLite where this Node has it without a flag (22.13+, 24), so those hosts install
 * nothing; better-sqlite3 (a native build) on older Nodes. Both are SQLite: one dialect.
 */
async function loadSqlite(): Promise<OpenDatabase> {
  try {
    const specifier: string = 'node:sqlite';
    const { DatabaseSync } = (await import(
      /* webpackIgnore: true */ /* @vite-ignore */ specifier
    )) as {
      DatabaseSync: new (file: string) => SqliteDatabase;
    };
    return (file) => new DatabaseSync(file);
  } catch {
    const { default: Database } = await importOptional<{
      default: new (file: string) => SqliteDatabase;
    }>(
      'better-sqlite3',
      `The embedded store on Node ${process.version} (node:sqlite needs Node 22.13 or later)`,
      '^12.0.0',
    );
    return (file) => {
      try {
        return new Database(file);
      } catch (error) {
        // A native module built for one Node cannot load in another.
        if (!/NODE_MODULE_VERSION/.test(String(error))) throw error;
        throw new Error(
          `better-sqlite3 was built for another Node.js version than this one (${process.version}): run npm rebuild better-sqlite3`,
          { cause: error },
        );
      }
    };
  }
}

function isLocked(error: unknown): boolean {
  const { code, errcode } = (error ?? {}) as { code?: unknown; errcode?: unknown };
  return code === 'SQLITE_BUSY' || errcode === 5 || /database is locked/i.test(String(error));
}

async function lockedError(dataDir: string, cause: unknown): Promise<Error> {
  const holder = (await readFile(join(dataDir, HOLDER_FILE), 'utf8')
    .then((text) => JSON.parse(text) as { pid?: number; host?: string; since?: string })
    .catch(() => undefined)) ?? { pid: undefined };
  const who =
    holder.pid === undefined
      ? 'another process'
      : `process ${holder.pid} on ${holder.host ?? 'this machine'} (since ${holder.since})`;
  return new Error(
    `The embedded store in ${dataDir} is open in ${who}. One process at a time may open it: ` +
      'stop that process first, or give every process the same PostgreSQL store ({ connectionString }).',
    { cause },
  );
}

/**
 * `$1`, `$2`… (PostgreSQL's parameters, which the shared queries use) as SQLite's `?`, and
 * which parameter each `?` takes.
 */
function positional(text: string): { sql: string; order: number[] } {
  const order: number[] = [];
  const sql = text.replace(/\$(\d+)/g, (_match, n: string) => {
    order.push(Number(n) - 1);
    return '?';
  });
  return { sql, order };
}

/**
 * Opens the SQLite database of a data folder and takes its lock: SQLite's own exclusive lock,
 * held from open to close. The operating system drops it when the process dies, so a folder
 * left by a process killed with SIGKILL opens again at once.
 */
export async function openSqliteDriver(dataDir: string): Promise<SqlDriver> {
  await mkdir(dataDir, { recursive: true });
  if (existsSync(join(dataDir, 'PG_VERSION'))) {
    throw new Error(
      `${dataDir} holds a PGlite database of an earlier @saleschat-kit/proxy; the embedded store is SQLite now. Export its links with that version (saleschat-kit users list), then give this version an empty dataDir.`,
    );
  }
  const db = (await loadSqlite())(join(dataDir, DATABASE_FILE));
  try {
    // better-sqlite3 waits 5 s for a busy database by default; a held folder should fail now.
    db.exec('PRAGMA busy_timeout = 0; PRAGMA locking_mode = EXCLUSIVE;');
    // WAL with synchronous=NORMAL: a commit is in the file once the call returns, so a killed
    // process loses nothing; only an OS crash or power cut may lose the last commits (never
    // consistency). FULL would fsync each commit, blocking the event loop for milliseconds.
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
    // In exclusive locking mode the first write's lock is kept until close.
    db.exec('BEGIN EXCLUSIVE; COMMIT;');
  } catch (error) {
    db.close();
    throw isLocked(error) ? await lockedError(dataDir, error) : error;
  }
  const holderFile = join(dataDir, HOLDER_FILE);
  const since = new Date().toISOString();
  await writeFile(holderFile, JSON.stringify({ pid: process.pid, host: hostname(), since }));

  const statements = new Map<string, { statement: SqliteStatement; order: number[] }>();
  const connection: SqlConnection = {
    async query<Row>(text: string, params: readonly unknown[] = []) {
      let prepared = statements.get(text);
      if (!prepared) {
        const { sql, order } = positional(text);
        prepared = { statement: db.prepare(sql), order };
        statements.set(text, prepared);
      }
      const values = prepared.order.map((index) => params[index] ?? null);
      if (prepared.statement.reader === false) {
        prepared.statement.run(...values);
        return [];
      }
      return prepared.statement.all(...values) as Row[];
    },
    async exec(text: string) {
      db.exec(text);
    },
  };
  return {
    dialect: 'sqlite',
    ...connection,
    // The store's in-process mutex already serialises holders of a key, and no other process
    // can open this folder.
    withLock: (_scope, _key, fn) => fn(connection),
    async close() {
      db.close();
      await rm(holderFile, { force: true });
    },
  };
}

/**
 * The embedded store: SQLite in a data folder — no server to run; on Node 22.13+ nothing to
 * install. One process at a time may open a folder (a second gets an error naming the holder),
 * so locks are in-process and repeated reads are served from memory: this process is the only
 * writer.
 */
export function createEmbeddedStore(options: EmbeddedStoreOptions = {}): Store {
  const dataDir = resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  return createSqlStore(() => openSqliteDriver(dataDir), { singleWriter: true, dialect: 'sqlite' });
}
