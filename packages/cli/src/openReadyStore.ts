import { createEmbeddedStore, createPostgresStore, type Store } from '@saleschat-kit/proxy';
import { CliError, EXIT } from './command';
import type { StoreChoice } from './resolveConfig';

/**
 * Opens the proxy's store the configuration names. A few PostgreSQL connections are enough: the
 * CLI holds at most one per row under way.
 */
export function openCliStore(choice: StoreChoice, maxConnections = 12): Store {
  return choice.kind === 'postgres'
    ? createPostgresStore({ connectionString: choice.connectionString, maxConnections })
    : createEmbeddedStore({ dataDir: choice.dataDir });
}

/** The store, opened and migrated, or an error that says where it is and what to check. */
export async function openReadyStore(choice: StoreChoice): Promise<Store> {
  const store = openCliStore(choice);
  try {
    await store.ready();
  } catch (error) {
    await store.close().catch(() => undefined);
    const reason = (error as Error).message;
    const fix =
      choice.kind === 'postgres'
        ? 'check DATABASE_URL (or --database-url) and that the server accepts connections.'
        : 'check SALESCHAT_DATA_DIR (or --data-dir); the embedded store can be open in one process at a time, so stop a proxy using it or give the proxy and the CLI the same DATABASE_URL.';
    throw new CliError(`Cannot open ${choice.label}: ${reason}. Fix: ${fix}`, EXIT.failed);
  }
  return store;
}

/** Runs `work` with the ready store, and closes the store after it, whatever `work` did. */
export async function withReadyStore<T>(
  choice: StoreChoice,
  work: (store: Store) => Promise<T>,
): Promise<T> {
  const store = await openReadyStore(choice);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
