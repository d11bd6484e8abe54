import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { SqlDriver } from './sqlDriver';
import { createSqlStore } from './createSqlStore';
import type { Store } from './types';

export interface PgliteStoreOptions {
  /** Folder the embedded database persists to. Default: `./.data/saleschat` (relative to the working directory). */
  dataDir?: string;
}

/** The default data folder of the embedded store. */
export const DEFAULT_DATA_DIR = './.data/saleschat';

/**
 * The embedded store: PGlite, a real PostgreSQL engine compiled to WebAssembly, persisted to a
 * folder — no server to run, no native build. One process may open a folder at a time, so
 * locks are in-process here (PGlite has a single connection, on which an advisory lock would
 * always be granted), and repeated reads are served from memory: this process is the only
 * writer. Each query runs on the main thread (WebAssembly), so the cache is what keeps a
 * cached Login or a repeated Chat from costing a query.
 */
export function createPgliteStore(options: PgliteStoreOptions = {}): Store {
  const dataDir = resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  return createSqlStore(
    async (): Promise<SqlDriver> => {
      await mkdir(dataDir, { recursive: true });
      // Loaded on first use, so a host on PostgreSQL never loads the WebAssembly engine.
      const { PGlite } = await import('@electric-sql/pglite');
      const db = await PGlite.create(dataDir);
      const connection = {
        async query<Row>(text: string, params?: readonly unknown[]) {
          const result = await db.query<Row>(text, params ? [...params] : undefined);
          return result.rows;
        },
        async exec(text: string) {
          await db.exec(text);
        },
      };
      return {
        ...connection,
        // The store's in-process mutex already serialises holders of a key, and no other
        // process can have this folder open.
        withLock: (_scope, _key, fn) => fn(connection),
        close: () => db.close(),
      };
    },
    { singleWriter: true },
  );
}
