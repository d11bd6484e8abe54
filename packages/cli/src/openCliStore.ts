import { createEmbeddedStore, createPostgresStore, type Store } from '@saleschat-kit/proxy';
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
