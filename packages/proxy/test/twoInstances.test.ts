import type { ChatResponse, ErrorBody } from '@saleschat-kit/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStore, type SaleschatProxy } from '../src/index';
import { MIGRATIONS } from '../src/store/migrations';
import { chatRequest, createTestWorld, type TestWorld } from './createTestWorld';
import { createTestDatabase, type TestStore } from './testStores';

describe('two proxy instances sharing one PostgreSQL database', () => {
  let store: TestStore;
  let world: TestWorld;
  let first: SaleschatProxy;
  let second: SaleschatProxy;

  beforeAll(async () => {
    store = { option: { connectionString: await createTestDatabase() }, remove: () => undefined };
    world = await createTestWorld(store);
    first = world.proxy;
    // Its own pool, its own sessions: only the database's locks keep the two apart.
    second = world.newProxy({ store: store.option });
  });

  afterAll(async () => {
    await world?.close();
  });

  const chat = (proxy: SaleschatProxy, crmUserId: string, crmCustomerId: string) =>
    proxy.fetch(chatRequest(crmUserId, crmCustomerId)).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as ChatResponse & ErrorBody,
    }));

  it('create one contact for 100 parallel chats on one new lead, split across both', async () => {
    const agent = await world.agent();
    const { crmCustomerId } = world.lead();
    world.fake.clearRequests();
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, index) =>
        chat(index % 2 === 0 ? first : second, agent.crmUserId, crmCustomerId),
      ),
    );
    expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([200]));
    expect(new Set(answers.map((answer) => answer.body.contactId)).size).toBe(1);
    expect(world.fake.countRequests('createContact')).toBe(1);
    expect(world.fake.countRequests('assign')).toBe(1);
  });

  it('hold the one-assign-per-10-s limit across instances', async () => {
    const agentA = await world.agent();
    const agentB = await world.agent();
    const { crmCustomerId } = world.lead();
    world.clock.advance(2000);
    expect((await chat(first, agentA.crmUserId, crmCustomerId)).status).toBe(200);
    world.fake.clearRequests();
    const refused = await chat(second, agentB.crmUserId, crmCustomerId);
    expect(refused.status).toBe(429);
    expect(refused.body.error.retryAfterMs).toBeGreaterThan(9000);
    expect(world.fake.countRequests()).toBe(0);
  });

  it('apply each migration once when they start at the same time', async () => {
    const connectionString = await createTestDatabase();
    const stores = Array.from({ length: 4 }, () => createPostgresStore({ connectionString }));
    await Promise.all(stores.map((each) => each.ready()));
    await Promise.all(stores.map((each) => each.close()));
    const client = new pg.Client({ connectionString });
    await client.connect();
    try {
      const { rows } = await client.query(
        'SELECT version, count(*)::int AS n FROM saleschat_kit.schema_migrations GROUP BY version',
      );
      expect(rows.sort((a, b) => a.version - b.version)).toEqual(
        MIGRATIONS.map((migration) => ({ version: migration.version, n: 1 })),
      );
    } finally {
      await client.end();
    }
  });
});
