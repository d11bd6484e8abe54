import type { ChatResponse, ErrorBody } from '@saleschat-kit/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSaleschatProxy } from '../src/index';
import { createTestWorld, ORG_ID, TOKEN, type TestWorld } from './createTestWorld';
import { storeFactories, type TestStore } from './testStores';

type Answer = ChatResponse & ErrorBody;

/** Polls `check` until it holds, for at most `ms`. */
async function eventually(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`Not true within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(storeFactories)('contact creates that outlive faults on $name', ({ create }) => {
  let store: TestStore;
  let world: TestWorld;

  beforeAll(async () => {
    store = await create();
    world = await createTestWorld(store, {
      // Generous against a loaded machine: only the slow create below goes past the timeout.
      saleschat: { timeoutMs: 1500, createDeadlineMs: 10_000 },
    });
  });

  afterAll(async () => {
    await world?.close();
    store?.remove();
  });

  beforeEach(() => {
    world.fake.clearFaults();
    world.fake.clearRequests();
    world.fake.setConflictPayload('empty');
    world.clock.advance(11_000);
  });

  const chat = (user: string, crmCustomerId: string) =>
    world.json<Answer>('/chat', { user, body: { crmCustomerId } });

  it('records the intent before the create and clears it with the mapping', async () => {
    const agent = await world.agent();
    const { crmCustomerId } = world.lead();
    world.fake.setFault('createContact', { latencyMs: 300, times: 1 });
    const answer = chat(agent.crmUserId, crmCustomerId);
    // While Saleschat takes its time, the intent is already committed.
    await eventually(async () => world.fake.countRequests('createContact') > 0);
    expect((await world.proxy.store.listPendingContacts()).map((p) => p.crmCustomerId)).toContain(
      crmCustomerId,
    );
    expect((await answer).status).toBe(200);
    expect(
      (await world.proxy.store.listPendingContacts()).map((p) => p.crmCustomerId),
    ).not.toContain(crmCustomerId);
  });

  it('answers 504 to a create slower than the timeout, records it when it comes, then answers 200 existing', async () => {
    const agent = await world.agent();
    const { crmCustomerId } = world.lead();
    world.fake.setFault('createContact', { latencyMs: 3500, times: 1 });
    const first = await chat(agent.crmUserId, crmCustomerId);
    expect(first.status).toBe(504);
    expect(first.body.error.code).toBe('SALESCHAT_UNAVAILABLE');
    expect(await world.proxy.store.getContact(crmCustomerId)).toBeNull();

    await eventually(
      async () => (await world.proxy.store.getContact(crmCustomerId)) !== null,
      10_000,
    );
    const [made] = [...world.fake.contacts.values()].filter((c) => c.crmId === crmCustomerId);
    expect((await world.proxy.store.getContact(crmCustomerId))?.scContactId).toBe(made?.id);

    const second = await chat(agent.crmUserId, crmCustomerId);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ contactId: made?.id, contact: 'existing' });
    expect(world.fake.countRequests('createContact')).toBe(1);
  });

  it("adopts the existing contact when the 409's payload names it", async () => {
    const agent = await world.agent();
    const { crmCustomerId } = world.lead();
    const made = await fetch(`${world.fakeUrl}/v2/org/${ORG_ID}/contact`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ crm_id: crmCustomerId, opt_in_date: new Date().toISOString() }),
    });
    const { id } = (await made.json()) as { id: string };
    world.fake.setConflictPayload('existing-id');
    world.clock.advance(2000);

    const { status, body } = await chat(agent.crmUserId, crmCustomerId);
    expect(status).toBe(200);
    expect(body.contactId).toBe(id);
    expect((await world.proxy.store.getContact(crmCustomerId))?.scContactId).toBe(id);
  });

  it('creates a contact Saleschat no longer has again, in the same click, and answers 200 created', async () => {
    const first = await world.agent();
    const second = await world.agent();
    const { crmCustomerId } = world.lead();
    const before = await chat(first.crmUserId, crmCustomerId);
    expect(before.status).toBe(200);
    world.fake.deleteContact(before.body.contactId);
    world.clock.advance(11_000);

    const after = await chat(second.crmUserId, crmCustomerId);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ contact: 'created', assignment: 'assigned' });
    expect(after.body.contactId).not.toBe(before.body.contactId);
    expect(world.fake.contacts.get(after.body.contactId)?.assignee).toBe(second.scUserId);
    expect((await world.proxy.store.getContact(crmCustomerId))?.scContactId).toBe(
      after.body.contactId,
    );
  });

  it('close() waits for a create still in flight and records it', async () => {
    const agent = await world.agent();
    const { crmCustomerId } = world.lead();
    const proxy = world.newProxy({
      store: store.option,
      saleschat: {
        baseUrl: world.fakeUrl,
        token: TOKEN,
        orgId: ORG_ID,
        timeoutMs: 200,
        createDeadlineMs: 5000,
      },
    });
    if ('dataDir' in (store.option ?? {})) {
      // One process at a time may open an embedded folder: this case is PostgreSQL's.
      return;
    }
    world.fake.setFault('createContact', { latencyMs: 800, times: 1 });
    const response = await proxy.fetch(
      new Request('http://crm.test/api/saleschat/chat', {
        method: 'POST',
        headers: {
          Cookie: `session=${agent.crmUserId}`,
          'X-Saleschat-Kit': '1',
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ crmCustomerId }),
      }),
    );
    expect(response.status).toBe(504);
    await proxy.close();
    expect(await world.proxy.store.getContact(crmCustomerId)).not.toBeNull();
  });
});

describe('a database that cannot be reached', () => {
  it('answers 503 STORE_UNAVAILABLE with retryAfterMs, never 500', async () => {
    const proxy = createSaleschatProxy({
      saleschat: { baseUrl: 'http://127.0.0.1:9', token: TOKEN, orgId: ORG_ID },
      // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
      store: { connectionString: 'postgres://nobody@127.0.0.1:9/none' },
      authenticate: () => ({ crmUserId: 'someone' }),
      resolveLead: () => null,
      logger: null,
    });
    const response = await proxy.fetch(
      new Request('http://crm.test/api/saleschat/me', { headers: { 'X-Saleschat-Kit': '1' } }),
    );
    const body = (await response.json()) as ErrorBody;
    expect(response.status).toBe(503);
    expect(body.error.code).toBe('STORE_UNAVAILABLE');
    expect(body.error.retryAfterMs).toBeGreaterThan(0);
    await proxy.close();
  });
});
