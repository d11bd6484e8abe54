import type { ChatResponse, ErrorBody } from '@saleschat-kit/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSaleschatProxy } from '../src/index';
import { chatRequest, ORG_ID, TOKEN } from './createTestWorld';
import { storeFactories } from './testStores';
import { worldPerSuite } from './worldPerSuite';

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
  const suite = worldPerSuite(create, {
    // Generous against a loaded machine: only the slow create below goes past the timeout.
    saleschat: { timeoutMs: 1500, createDeadlineMs: 10_000 },
  });

  beforeEach(() => {
    suite.world.fake.clearFaults();
    suite.world.fake.clearRequests();
    suite.world.fake.setConflictPayload('empty');
    suite.world.clock.advance(11_000);
  });

  const chat = (user: string, crmCustomerId: string) =>
    suite.world.json<Answer>('/chat', { user, body: { crmCustomerId } });

  /**
   * A new lead whose contact Saleschat already has (made straight at the fake), with the fake's
   * request log cleared and the clock past the assign interval. `createRecordedElsewhere`: the
   * lead's create is also recorded in the store, as another instance does before sending it.
   */
  async function leadSaleschatAlreadyHas({ createRecordedElsewhere = false } = {}) {
    const agent = await suite.world.agent();
    const { crmCustomerId } = suite.world.lead();
    if (createRecordedElsewhere) {
      await suite.world.proxy.store.recordCreateRequest(crmCustomerId, new Date());
    }
    const made = await fetch(`${suite.world.fakeUrl}/v2/org/${ORG_ID}/contact`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ crm_id: crmCustomerId, opt_in_date: new Date().toISOString() }),
    });
    const { id } = (await made.json()) as { id: string };
    suite.world.fake.clearRequests();
    suite.world.clock.advance(2000);
    return { agent, crmCustomerId, id };
  }

  it('records the intent before the create and clears it with the mapping', async () => {
    const agent = await suite.world.agent();
    const { crmCustomerId } = suite.world.lead();
    suite.world.fake.setFault('createContact', { latencyMs: 300, times: 1 });
    const answer = chat(agent.crmUserId, crmCustomerId);
    // While Saleschat takes its time, the intent is already committed.
    await eventually(async () => suite.world.fake.countRequests('createContact') > 0);
    expect(
      (await suite.world.proxy.store.listPendingContacts()).map((p) => p.crmCustomerId),
    ).toContain(crmCustomerId);
    expect((await answer).status).toBe(200);
    expect(
      (await suite.world.proxy.store.listPendingContacts()).map((p) => p.crmCustomerId),
    ).not.toContain(crmCustomerId);
  });

  it('answers 504 to a create slower than the timeout, records it when it comes, then answers 200 existing', async () => {
    const agent = await suite.world.agent();
    const { crmCustomerId } = suite.world.lead();
    suite.world.fake.setFault('createContact', { latencyMs: 3500, times: 1 });
    const first = await chat(agent.crmUserId, crmCustomerId);
    expect(first.status).toBe(504);
    expect(first.body.error.code).toBe('SALESCHAT_UNAVAILABLE');
    expect(await suite.world.proxy.store.getContact(crmCustomerId)).toBeNull();

    await eventually(
      async () => (await suite.world.proxy.store.getContact(crmCustomerId)) !== null,
      10_000,
    );
    const [made] = [...suite.world.fake.contacts.values()].filter((c) => c.crmId === crmCustomerId);
    expect((await suite.world.proxy.store.getContact(crmCustomerId))?.scContactId).toBe(made?.id);

    const second = await chat(agent.crmUserId, crmCustomerId);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ contactId: made?.id, contact: 'existing' });
    expect(suite.world.fake.countRequests('createContact')).toBe(1);
  });

  it("adopts the existing contact when the 409's payload names it, and answers existing", async () => {
    const { agent, crmCustomerId, id } = await leadSaleschatAlreadyHas();
    suite.world.fake.setConflictPayload('existing-id');

    const { status, body } = await chat(agent.crmUserId, crmCustomerId);
    expect(status).toBe(200);
    // Saleschat had the contact before this click: the toast must not say it was created.
    expect(body).toMatchObject({ contactId: id, contact: 'existing', assignment: 'assigned' });
    expect(suite.world.fake.countRequests('createContact')).toBe(1);
    expect((await suite.world.proxy.store.getContact(crmCustomerId))?.scContactId).toBe(id);
  });

  it('after a duplicate create, waits for the instance recording the contact on a shared database', async () => {
    // Another instance sent this lead's create and is still recording Saleschat's answer: a
    // database restart cut the connection that held the lead's lock, so this click got it.
    const { agent, crmCustomerId, id } = await leadSaleschatAlreadyHas({
      createRecordedElsewhere: true,
    });
    const logsBefore = suite.world.logs.length;

    const answer = chat(agent.crmUserId, crmCustomerId);
    // Saleschat refuses this click's create as a duplicate (its 409 names no contact)…
    await eventually(async () => suite.world.fake.countRequests('createContact') > 0);
    await new Promise((resolve) => setTimeout(resolve, 600));
    // …and the other instance records its contact a moment later.
    await suite.world.proxy.store.saveContact(crmCustomerId, id);
    const { status, body } = await answer;

    if (suite.world.proxy.store.dialect === 'sqlite') {
      // One process opens the embedded store: an earlier create it no longer runs was cut by a
      // kill, so there is nobody to wait for.
      expect([status, body.error?.code]).toEqual([409, 'CONTACT_NEEDS_REPAIR']);
      return;
    }
    expect(status).toBe(200);
    expect(body).toMatchObject({ contactId: id, contact: 'existing', assignment: 'assigned' });
    expect(suite.world.fake.contacts.get(id)?.assignee).toBe(agent.scUserId);
    expect(
      (await suite.world.proxy.store.listPendingContacts()).map((p) => p.crmCustomerId),
    ).not.toContain(crmCustomerId);
    expect(suite.world.logs.slice(logsBefore).join('\n')).not.toMatch(/needs an operator/);
  });

  it('after a duplicate create, adopts the contact another instance recorded while the create was under way', async () => {
    const { agent, crmCustomerId, id } = await leadSaleschatAlreadyHas({
      createRecordedElsewhere: true,
    });
    // Saleschat takes its time over this click's (duplicate) create; meanwhile the other
    // instance records its contact, which also clears the lead's pending row.
    suite.world.fake.setFault('createContact', { latencyMs: 800, times: 1 });
    const answer = chat(agent.crmUserId, crmCustomerId);
    await eventually(async () => suite.world.fake.countRequests('createContact') > 0);
    await suite.world.proxy.store.saveContact(crmCustomerId, id);
    const { status, body } = await answer;

    expect(status).toBe(200);
    expect(body).toMatchObject({ contactId: id, contact: 'existing', assignment: 'assigned' });
    expect(
      (await suite.world.proxy.store.listPendingContacts()).map((p) => p.crmCustomerId),
    ).not.toContain(crmCustomerId);
  });

  it('creates a contact Saleschat no longer has again, in the same click, and answers 200 created', async () => {
    const first = await suite.world.agent();
    const second = await suite.world.agent();
    const { crmCustomerId } = suite.world.lead();
    const before = await chat(first.crmUserId, crmCustomerId);
    expect(before.status).toBe(200);
    suite.world.fake.deleteContact(before.body.contactId);
    suite.world.clock.advance(11_000);

    const after = await chat(second.crmUserId, crmCustomerId);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ contact: 'created', assignment: 'assigned' });
    expect(after.body.contactId).not.toBe(before.body.contactId);
    expect(suite.world.fake.contacts.get(after.body.contactId)?.assignee).toBe(second.scUserId);
    expect((await suite.world.proxy.store.getContact(crmCustomerId))?.scContactId).toBe(
      after.body.contactId,
    );
  });

  it('lists nothing for a create Saleschat refused, and keeps listing an earlier one of unknown outcome', async () => {
    const agent = await suite.world.agent();
    const pending = async () =>
      (await suite.world.proxy.store.listPendingContacts()).map((p) => p.crmCustomerId);

    const refused = suite.world.lead().crmCustomerId;
    suite.world.fake.setFault('createContact', { status: 429, times: 1 });
    const limited = await chat(agent.crmUserId, refused);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    suite.world.fake.setFault('createContact', { status: 400, times: 1 });
    expect((await chat(agent.crmUserId, refused)).body.error.code).toBe('SALESCHAT_ERROR');
    expect(await pending()).not.toContain(refused);

    // A dropped connection: Saleschat may hold the contact. A refusal later does not clear that.
    const unknown = suite.world.lead().crmCustomerId;
    suite.world.fake.setFault('createContact', { drop: true, times: 1 });
    expect((await chat(agent.crmUserId, unknown)).body.error.code).toBe('SALESCHAT_UNAVAILABLE');
    suite.world.fake.setFault('createContact', { status: 400, times: 1 });
    expect((await chat(agent.crmUserId, unknown)).body.error.code).toBe('SALESCHAT_ERROR');
    expect(await pending()).toContain(unknown);
  });

  it('close() waits for a create still in flight and records it', async () => {
    const agent = await suite.world.agent();
    const { crmCustomerId } = suite.world.lead();
    const proxy = suite.world.newProxy({
      store: suite.store.option,
      saleschat: {
        baseUrl: suite.world.fakeUrl,
        token: TOKEN,
        orgId: ORG_ID,
        timeoutMs: 200,
        createDeadlineMs: 5000,
      },
    });
    if ('dataDir' in (suite.store.option ?? {})) {
      // One process at a time may open an embedded folder: this case is PostgreSQL's.
      return;
    }
    suite.world.fake.setFault('createContact', { latencyMs: 800, times: 1 });
    const response = await proxy.fetch(chatRequest(agent.crmUserId, crmCustomerId));
    expect(response.status).toBe(504);
    await proxy.close();
    expect(await suite.world.proxy.store.getContact(crmCustomerId)).not.toBeNull();
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

describe('new leads on a small PostgreSQL pool', () => {
  const postgres = storeFactories.filter((store) => store.name === 'PostgreSQL');
  const suite = worldPerSuite(
    () => postgres[0]?.create() ?? Promise.reject(new Error('no PostgreSQL')),
  );

  it('answers more concurrent new leads than the pool has connections, without waiting for a timeout', async () => {
    const { connectionString } = suite.store.option as { connectionString: string };
    // Three connections, eight new leads at once: every lock holder keeps a connection while
    // the mapping of its new contact is written on another one.
    const proxy = suite.world.newProxy({
      store: { connectionString, maxConnections: 3 },
      saleschat: { baseUrl: suite.world.fakeUrl, token: TOKEN, orgId: ORG_ID, timeoutMs: 8000 },
    });
    try {
      await proxy.ready();
      const agents = await Promise.all(Array.from({ length: 8 }, () => suite.world.agent()));
      const leads = agents.map(() => suite.world.lead().crmCustomerId);
      const started = Date.now();
      const answers = await Promise.all(
        agents.map((agent, index) => proxy.fetch(chatRequest(agent.crmUserId, leads[index] ?? ''))),
      );
      expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(200));
      // Before the fix the pool ran dry and every click waited for its 8 s timeout.
      expect(Date.now() - started).toBeLessThan(6000);
    } finally {
      await proxy.close();
    }
  });
});
