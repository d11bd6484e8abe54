import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase, storeFactories, type TestStore } from '../../test/testStores';
import { openStore } from './openStore';
import { createPostgresStore } from './createPostgresStore';
import { createKeyedMutex } from './createSqlStore';
import type { Store } from './types';

function open(option: TestStore['option']): Store {
  return openStore(option, () => undefined).store;
}

describe.each(storeFactories)('the store on $name', ({ create }) => {
  let testStore: TestStore;
  let store: Store;

  beforeAll(async () => {
    testStore = await create();
    store = open(testStore.option);
    await store.ready();
  });

  afterAll(async () => {
    await store?.close();
    testStore?.remove();
  });

  it('links a CRM user, and forgets its cached link when it is linked to another Saleschat user', async () => {
    expect(await store.getUser('u1')).toBeNull();
    await store.linkUser('u1', 'sc-1');
    const expiresAt = new Date('2030-01-01T00:00:00.000Z');
    await store.saveMagicLink('u1', 'sc-1', 'https://a.example/m/1', expiresAt);
    expect(await store.getUser('u1')).toEqual({
      crmUserId: 'u1',
      scUserId: 'sc-1',
      magicLink: 'https://a.example/m/1',
      magicLinkExpiresAt: expiresAt,
    });

    await store.linkUser('u1', 'sc-1');
    expect((await store.getUser('u1'))?.magicLink).toBe('https://a.example/m/1');
    await store.linkUser('u1', 'sc-2');
    expect(await store.getUser('u1')).toMatchObject({
      scUserId: 'sc-2',
      magicLink: null,
      magicLinkExpiresAt: null,
    });

    await store.unlinkUser('u1');
    expect(await store.getUser('u1')).toMatchObject({ scUserId: null, magicLink: null });
  });

  it('does not cache a link fetched for a Saleschat user the CRM user is no longer linked to', async () => {
    await store.linkUser('u2', 'sc-new');
    await store.saveMagicLink('u2', 'sc-old', 'https://a.example/m/old', new Date('2030-01-01'));
    expect((await store.getUser('u2'))?.magicLink).toBeNull();
  });

  it('lists every CRM user, linked or not, by CRM user id, as it is after the last write', async () => {
    await store.linkUser('list-b', 'sc-b');
    await store.linkUser('list-a', 'sc-a');
    expect((await store.getUser('list-a'))?.scUserId).toBe('sc-a');
    await store.unlinkUser('list-a');
    const listed = (await store.listUsers()).filter((user) => user.crmUserId.startsWith('list-'));
    expect(listed).toEqual([
      { crmUserId: 'list-a', scUserId: null, magicLink: null, magicLinkExpiresAt: null },
      { crmUserId: 'list-b', scUserId: 'sc-b', magicLink: null, magicLinkExpiresAt: null },
    ]);
  });

  it('records contacts and assignments, and resets the assignee when an operator maps another contact id', async () => {
    await store.saveContact('lead-1', 'c-1');
    const at = new Date('2025-06-01T10:00:00.000Z');
    await store.recordAssignRequest('lead-1', at);
    await store.saveAssignment('lead-1', 'sc-1', at);
    expect(await store.getContact('lead-1')).toEqual({
      crmCustomerId: 'lead-1',
      scContactId: 'c-1',
      assigneeScUserId: 'sc-1',
      assignedAt: at,
      assignRequestedAt: at,
      sentFirstName: null,
      sentLastName: null,
      assignTarget: null,
    });
    await store.saveContact('lead-1', 'c-1');
    expect((await store.getContact('lead-1'))?.assigneeScUserId).toBe('sc-1');
    await store.saveContact('lead-1', 'c-2');
    expect(await store.getContact('lead-1')).toMatchObject({
      scContactId: 'c-2',
      assigneeScUserId: null,
      assignedAt: null,
    });
  });

  it('keeps values as data, whatever they contain', async () => {
    const id = "x'); DROP TABLE saleschat_kit.contact; --";
    await store.saveContact(id, 'c-9');
    expect((await store.getContact(id))?.scContactId).toBe('c-9');
    expect(await store.getContact('lead-1')).not.toBeNull();
  });

  it('runs exclusive sections of one key one at a time, and of other keys side by side', async () => {
    const events: string[] = [];
    let otherKeyStarted: () => void = () => undefined;
    const otherKey = new Promise<void>((resolve) => {
      otherKeyStarted = resolve;
    });
    const a = store.exclusive('k', async (queries) => {
      events.push('a start');
      await queries.getContact('lead-1');
      // Holds its key until a section of another key has run: were keys not independent, this
      // would wait for ever and the test would time out. No timing to race with.
      await otherKey;
      events.push('a end');
    });
    const b = store.exclusive('k', async () => {
      events.push('b start');
    });
    const c = store.exclusive('other', async () => {
      events.push('c start');
      otherKeyStarted();
    });
    await Promise.all([a, b, c]);
    expect(events.indexOf('a end')).toBeLessThan(events.indexOf('b start'));
    expect(events.indexOf('c start')).toBeLessThan(events.indexOf('a end'));
  }, 10_000);
});

describe('a PostgreSQL store on the host’s own pool', () => {
  it('uses the pool and leaves it open on close', async () => {
    const pool = new pg.Pool({ connectionString: await createTestDatabase(), max: 3 });
    const store = createPostgresStore({ pool });
    await store.linkUser('u', 'sc');
    expect((await store.getUser('u'))?.scUserId).toBe('sc');
    await store.close();
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM saleschat_kit."user"');
    expect(rows).toEqual([{ n: 1 }]);
    await pool.end();
  });
});

describe('a store whose database is unreachable', () => {
  it('rejects ready() with the reason, and tries again on the next call', async () => {
    const store = createPostgresStore({ connectionString: 'postgres://nobody@127.0.0.1:9/none' });
    await expect(store.ready()).rejects.toThrow(/ECONNREFUSED|connect/);
    await expect(store.getUser('u')).rejects.toThrow(/ECONNREFUSED|connect/);
    await store.close();
    await expect(store.ready()).rejects.toThrow('closed');
  });

  it('explains how to configure PostgreSQL', () => {
    expect(() => createPostgresStore({})).toThrow(/connectionString/);
  });
});

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('createKeyedMutex', () => {
  it('runs tasks of one key one at a time in order, and other keys side by side', async () => {
    const mutex = createKeyedMutex();
    const events: string[] = [];
    const task = (name: string) => async () => {
      events.push(`${name} start`);
      await tick();
      events.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([
      mutex.run('a', task('a1')),
      mutex.run('a', task('a2')),
      mutex.run('b', task('b1')),
    ]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    expect(events.indexOf('a1 end')).toBeLessThan(events.indexOf('a2 start'));
    expect(events.indexOf('b1 start')).toBeLessThan(events.indexOf('a1 end'));
  });

  it('goes on with the next task after one fails', async () => {
    const mutex = createKeyedMutex();
    const failed = mutex.run('a', async () => {
      throw new Error('boom');
    });
    const next = mutex.run('a', async () => 'ok');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
  });
});
