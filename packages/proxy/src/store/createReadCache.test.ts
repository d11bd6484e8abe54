import { describe, expect, it } from 'vitest';
import { createReadCache } from './createReadCache';
import type { ContactRecord, StoreQueries, UserRecord } from './types';

/** The database behind the cache: rows in maps, every read counted, reads optionally held. */
function createTables() {
  const users = new Map<string, UserRecord>();
  const contacts = new Map<string, ContactRecord>();
  let held: Promise<void> | undefined;
  const stats = { userReads: 0, contactReads: 0 };
  const queries: StoreQueries = {
    async getUser(id) {
      stats.userReads++;
      const row = users.get(id) ?? null;
      await held;
      return row && { ...row };
    },
    async listUsers() {
      return [...users.values()].map((user) => ({ ...user }));
    },
    async linkUser(id, scUserId) {
      users.set(id, { crmUserId: id, scUserId, magicLink: null, magicLinkExpiresAt: null });
    },
    async unlinkUser(id) {
      users.delete(id);
    },
    async saveMagicLink(id, _scUserId, url, expiresAt) {
      const user = users.get(id);
      if (user) users.set(id, { ...user, magicLink: url, magicLinkExpiresAt: expiresAt });
    },
    async getContact(id) {
      stats.contactReads++;
      return contacts.get(id) ?? null;
    },
    async recordCreateRequest() {
      return true;
    },
    async forgetCreateRequest() {},
    async markNeedsRepair() {
      return false;
    },
    async listPendingContacts() {
      return [];
    },
    async forgetContact(id, scContactId) {
      if (contacts.get(id)?.scContactId === scContactId) contacts.delete(id);
    },
    async saveContact(id, scContactId) {
      contacts.set(id, {
        crmCustomerId: id,
        scContactId,
        assigneeScUserId: null,
        assignedAt: null,
        assignRequestedAt: null,
        sentFirstName: null,
        sentLastName: null,
        assignTarget: null,
      });
    },
    async recordAssignRequest() {},
    async saveSentNames() {},
    async saveAssignment(id, scUserId, at) {
      const contact = contacts.get(id);
      if (contact) contacts.set(id, { ...contact, assigneeScUserId: scUserId, assignedAt: at });
    },
  };
  return {
    queries,
    stats,
    hold() {
      let release = () => {};
      held = new Promise<void>((resolve) => (release = resolve));
      return () => {
        held = undefined;
        release();
      };
    },
  };
}

describe('createReadCache', () => {
  it('answers repeated reads from memory, and the next read after a write from the database', async () => {
    const tables = createTables();
    const cached = createReadCache().wrap(tables.queries);
    await cached.linkUser('u', 'sc-1');
    expect((await cached.getUser('u'))?.scUserId).toBe('sc-1');
    expect((await cached.getUser('u'))?.scUserId).toBe('sc-1');
    expect(tables.stats.userReads).toBe(1);

    await cached.linkUser('u', 'sc-2');
    expect((await cached.getUser('u'))?.scUserId).toBe('sc-2');
    expect(tables.stats.userReads).toBe(2);

    expect(await cached.getContact('lead')).toBeNull();
    await cached.saveContact('lead', 'c-1');
    expect((await cached.getContact('lead'))?.scContactId).toBe('c-1');
    await cached.saveAssignment('lead', 'sc-2', new Date(0));
    expect((await cached.getContact('lead'))?.assigneeScUserId).toBe('sc-2');
  });

  it('does not keep a read that raced with a write', async () => {
    const tables = createTables();
    const cache = createReadCache();
    const cached = cache.wrap(tables.queries);
    await cached.linkUser('u', 'sc-old');
    const release = tables.hold();
    const stale = cached.getUser('u');
    await cached.linkUser('u', 'sc-new');
    release();
    expect((await stale)?.scUserId).toBe('sc-old');
    expect((await cached.getUser('u'))?.scUserId).toBe('sc-new');
  });

  it('shares one cache between the connections of a store', async () => {
    const tables = createTables();
    const cache = createReadCache();
    const one = cache.wrap(tables.queries);
    const other = cache.wrap(tables.queries);
    await one.linkUser('u', 'sc-1');
    await one.getUser('u');
    await other.linkUser('u', 'sc-2');
    expect((await one.getUser('u'))?.scUserId).toBe('sc-2');
  });

  it('hands out frozen records', async () => {
    const tables = createTables();
    const cached = createReadCache().wrap(tables.queries);
    await cached.linkUser('u', 'sc-1');
    const user = await cached.getUser('u');
    expect(Object.isFrozen(user)).toBe(true);
  });
});
