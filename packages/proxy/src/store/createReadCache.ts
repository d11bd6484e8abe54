import { LRUCache } from 'lru-cache';
import type { ContactRecord, StoreQueries, UserRecord } from './types';

/** Records kept per table; the least recently read go first. */
const MAX_ENTRIES = 10_000;

/** A write-through cache of the store's reads, shared by every connection of one store. */
export interface ReadCache {
  /** The queries with reads served from memory; `fresh` reads go to the database (writes still forget). */
  wrap(queries: StoreQueries, options?: { fresh?: boolean }): StoreQueries;
  /** Forgets one record another writer changed (a PostgreSQL notification). */
  forget(table: 'user' | 'contact', key: string): void;
  /** Forgets everything (the notifications may have been missed). */
  clear(): void;
}

export interface ReadCacheOptions {
  /** Whether cached reads may be served now; while not, reads go to the database and fill nothing. Default: always. */
  active?: () => boolean;
}

/**
 * Records of one table by key, the least recently read dropped past `MAX_ENTRIES`. A stored
 * `null` (no such row) is boxed: the LRU takes `undefined` for "not cached".
 */
function createLru<T>() {
  const entries = new LRUCache<string, { value: T }>({ max: MAX_ENTRIES });
  return {
    /** The cached record in its box, or `undefined` when none is cached. */
    get: (key: string): { value: T } | undefined => entries.get(key),
    set: (key: string, value: T) => void entries.set(key, { value }),
    delete: (key: string) => entries.delete(key),
    clear: () => entries.clear(),
  };
}

/**
 * Serves repeated reads from memory. Correct when this process is the database's only writer —
 * true of the embedded store, whose folder one process at a time can open — or when every other
 * writer's change is reported through `forget` (PostgreSQL's notifications), and only while
 * `active` says those reports arrive. Every write forgets the record it touched; a read that
 * raced with any write, report or change of `active` does not fill the cache.
 */
export function createReadCache({ active = () => true }: ReadCacheOptions = {}): ReadCache {
  const users = createLru<UserRecord | null>();
  const contacts = createLru<ContactRecord | null>();
  let writes = 0;

  const read =
    <T>(
      lru: ReturnType<typeof createLru<T>>,
      query: (key: string) => Promise<T>,
      fresh: boolean | undefined,
    ) =>
    async (key: string): Promise<T> => {
      if (fresh || !active()) return query(key);
      const cached = lru.get(key);
      if (cached) return cached.value;
      const before = writes;
      // Frozen: callers share the cached record and must not change it under each other.
      const value = Object.freeze(await query(key));
      if (writes === before) lru.set(key, value);
      return value;
    };

  const write =
    <A extends [string, ...unknown[]]>(
      lru: { delete: (key: string) => boolean },
      query: (...args: A) => Promise<void>,
    ) =>
    async (...args: A): Promise<void> => {
      writes++;
      lru.delete(args[0]);
      try {
        await query(...args);
      } finally {
        writes++;
        lru.delete(args[0]);
      }
    };

  return {
    forget(table, key) {
      writes++;
      (table === 'user' ? users : contacts).delete(key);
    },
    clear() {
      writes++;
      users.clear();
      contacts.clear();
    },
    wrap(queries, { fresh } = {}) {
      return {
        getUser: read(users, queries.getUser, fresh),
        // A listing is rare (operators' tools) and would need every write to forget it.
        listUsers: queries.listUsers,
        linkUser: write(users, queries.linkUser),
        unlinkUser: write(users, queries.unlinkUser),
        saveMagicLink: write(users, queries.saveMagicLink),
        getContact: read(contacts, queries.getContact, fresh),
        saveContact: write(contacts, queries.saveContact),
        recordAssignRequest: write(contacts, queries.recordAssignRequest),
        // The create trace is not cached: read by operators' tools only.
        recordCreateRequest: queries.recordCreateRequest,
        forgetCreateRequest: queries.forgetCreateRequest,
        markNeedsRepair: queries.markNeedsRepair,
        listPendingContacts: queries.listPendingContacts,
        forgetContact: write(contacts, queries.forgetContact),
        saveAssignment: write(contacts, queries.saveAssignment),
        saveSentNames: write(contacts, queries.saveSentNames),
      };
    },
  };
}
