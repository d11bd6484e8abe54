import { createPgliteStore, type PgliteStoreOptions } from './createPgliteStore';
import { createPostgresStore, type PostgresStoreOptions } from './createPostgresStore';
import type { Store } from './types';

function isStore(value: unknown): value is Store {
  return typeof (value as Store | undefined)?.exclusive === 'function';
}

/** The store an option names, and whether the caller owns it (and so must close it). */
export function openStore(option: Store | PgliteStoreOptions | PostgresStoreOptions | undefined): {
  store: Store;
  owned: boolean;
} {
  if (isStore(option)) return { store: option, owned: false };
  if (option && ('connectionString' in option || 'pool' in option)) {
    return { store: createPostgresStore(option as PostgresStoreOptions), owned: true };
  }
  return { store: createPgliteStore(option as PgliteStoreOptions | undefined), owned: true };
}
