import { createEmbeddedStore, type EmbeddedStoreOptions } from './createEmbeddedStore';
import { createPostgresStore, type PostgresStoreOptions } from './createPostgresStore';
import type { Store } from './types';

function isStore(value: unknown): value is Store {
  return typeof (value as Store | undefined)?.exclusive === 'function';
}

/**
 * The store an option names, and whether the caller owns it (and so must close it).
 * `onError` receives errors of idle PostgreSQL connections unless the option has its own.
 */
export function openStore(
  option: Store | EmbeddedStoreOptions | PostgresStoreOptions | undefined,
  onError: (error: Error) => void,
): {
  store: Store;
  owned: boolean;
} {
  if (isStore(option)) return { store: option, owned: false };
  if (option && ('connectionString' in option || 'pool' in option)) {
    const postgres = option as PostgresStoreOptions;
    return { store: createPostgresStore({ onError, ...postgres }), owned: true };
  }
  return { store: createEmbeddedStore(option as EmbeddedStoreOptions | undefined), owned: true };
}
