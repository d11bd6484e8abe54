import type { ContactRecord, StoreQueries, UserRecord } from './types';

/** Records kept per table; the least recently read go first. */
const MAX_ENTRIES = 10_000;

/** A write-through cache of the store's reads, shared by every connection of one store. */
export interface ReadCache {
  wrap(queries: StoreQueries): StoreQueries;
}

function createLru<T>() {
  const entries = new Map<string, T>();
  return {
    has: (key: string) => entries.has(key),
    get(key: string): T | undefined {
      const value = entries.get(key) as T;
      // Re-inserting moves the key to the end: Map keeps insertion order.
      entries.delete(key);
      entries.set(key, value);
      return value;
    },
    set(key: string, value: T) {
      entries.delete(key);
      entries.set(key, value);
      if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
    },
    delete: (key: string) => entries.delete(key),
  };
}

/**
 * Serves repeated reads from memory. Correct only when this process is the database's only
 * writer — true of the embedded store, whose folder one process at a time can open — so it is
 * not used for PostgreSQL, where other instances write too. Every write forgets the record it
 * touched; a read that raced with any write does not fill the cache.
 */
export function createReadCache(): ReadCache {
  const users = createLru<UserRecord | null>();
  const contacts = createLru<ContactRecord | null>();
  let writes = 0;

  const read =
    <T>(lru: ReturnType<typeof createLru<T>>, query: (key: string) => Promise<T>) =>
    async (key: string): Promise<T> => {
      if (lru.has(key)) return lru.get(key) as T;
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
    wrap(queries) {
      return {
        getUser: read(users, queries.getUser),
        // A listing is rare (operators' tools) and would need every write to forget it.
        listUsers: queries.listUsers,
        linkUser: write(users, queries.linkUser),
        unlinkUser: write(users, queries.unlinkUser),
        saveMagicLink: write(users, queries.saveMagicLink),
        getContact: read(contacts, queries.getContact),
        saveContact: write(contacts, queries.saveContact),
        recordAssignRequest: write(contacts, queries.recordAssignRequest),
        saveAssignment: write(contacts, queries.saveAssignment),
      };
    },
  };
}
