import type { ChatResponse, ErrorBody } from '@saleschat-kit/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { chatRequest, ORG_ID, TOKEN } from '../test/createTestWorld';
import { storeFactories } from '../test/testStores';
import { worldPerSuite } from '../test/worldPerSuite';
import { ASSIGN_MARGIN_MS } from '@saleschat-kit/saleschat-client';

describe.each(storeFactories)('POST /chat on $name', ({ create }) => {
  const suite = worldPerSuite(create);

  beforeEach(() => {
    suite.world.fake.clearFaults();
    suite.world.fake.clearRequests();
    // Each test starts outside the previous one's rate-limit windows.
    suite.world.clock.advance(2000);
  });

  const chat = (user: string, crmCustomerId: string) =>
    suite.world.json<ChatResponse & ErrorBody>('/chat', { user, body: { crmCustomerId } });

  describe('Saleschat calls per action, from the fake’s request log', () => {
    it('new lead: 2 (create, then assign to the caller)', async () => {
      const agent = await suite.world.agent();
      const { crmCustomerId } = suite.world.lead();
      const { status, body } = await chat(agent.crmUserId, crmCustomerId);
      expect(status).toBe(200);
      expect(body).toMatchObject({ contact: 'created', assignment: 'assigned' });
      expect(
        suite.world.fake.requests.map((request) => [request.endpoint, request.status]),
      ).toEqual([
        ['createContact', 200],
        ['assign', 200],
      ]);
      expect(suite.world.fake.requests[1]?.body).toEqual({ user_id: agent.scUserId });
      expect(suite.world.fake.requests[1]?.path).toBe(
        `/v3/orgs/${ORG_ID}/contacts/${body.contactId}/assign`,
      );
    });

    it('repeat by the same agent: 0', async () => {
      const agent = await suite.world.agent();
      const { crmCustomerId } = suite.world.lead();
      const first = await chat(agent.crmUserId, crmCustomerId);
      suite.world.fake.clearRequests();
      const repeat = await chat(agent.crmUserId, crmCustomerId);
      expect(repeat.body).toEqual({ ...first.body, contact: 'existing', assignment: 'unchanged' });
      expect(suite.world.fake.countRequests()).toBe(0);
    });

    it('another agent: 1 (reassign)', async () => {
      const first = await suite.world.agent();
      const second = await suite.world.agent();
      const { crmCustomerId } = suite.world.lead({ firstName: 'Ravi', lastName: 'Kumar' });
      const created = await chat(first.crmUserId, crmCustomerId);
      suite.world.clock.advance(10_000 + ASSIGN_MARGIN_MS);
      suite.world.fake.clearRequests();
      const { status, body } = await chat(second.crmUserId, crmCustomerId);
      expect(status).toBe(200);
      expect(body).toEqual({
        contactId: created.body.contactId,
        chatroomName: `${crmCustomerId} Ravi Kumar`,
        contact: 'existing',
        assignment: 'reassigned',
      });
      expect(suite.world.fake.requests.map((request) => request.endpoint)).toEqual(['assign']);
      expect(suite.world.fake.contacts.get(body.contactId)?.assignee).toBe(second.scUserId);
      expect(suite.world.fake.chatroomsOf(second.scUserId)[0]?.name).toBe(
        `${crmCustomerId} Ravi Kumar`,
      );
    });
  });

  it('sends the lead cleaned for Saleschat: no `*`, trimmed, 128 characters, E.164 phone, ISO opt-in date', async () => {
    const agent = await suite.world.agent();
    const { crmCustomerId } = suite.world.lead({
      firstName: '  *Star* ',
      lastName: `${'é'.repeat(127)}xyz`,
      phone: '+91 98765-43210',
    });
    const { status } = await chat(agent.crmUserId, crmCustomerId);
    expect(status).toBe(200);
    const sent = suite.world.fake.requests[0]?.body as Record<string, unknown>;
    expect(sent).toEqual({
      crm_id: crmCustomerId,
      // The CRM's opt-in date (the test world's default), not the click's time.
      opt_in_date: '2025-01-15T09:30:00.000Z',
      first_name: 'Star',
      last_name: `${'é'.repeat(127)}x`,
      phone_number: '+919876543210',
    });
  });

  it('leaves empty names out', async () => {
    const agent = await suite.world.agent();
    const { crmCustomerId } = suite.world.lead({ firstName: ' * ', lastName: null });
    const { body } = await chat(agent.crmUserId, crmCustomerId);
    expect(body.chatroomName).toBe(crmCustomerId);
    expect(suite.world.fake.requests[0]?.body).not.toHaveProperty('first_name');
    expect(suite.world.fake.requests[0]?.body).not.toHaveProperty('last_name');
  });

  it('answers RATE_LIMITED with retryAfterMs to another agent within 10 s of an assign, without calling Saleschat', async () => {
    const first = await suite.world.agent();
    const second = await suite.world.agent();
    const { crmCustomerId } = suite.world.lead();
    await chat(first.crmUserId, crmCustomerId);
    suite.world.clock.advance(4000);
    suite.world.fake.clearRequests();
    const refused = await suite.world.request('/chat', {
      user: second.crmUserId,
      body: { crmCustomerId },
    });
    expect(refused.status).toBe(429);
    // 10 s after the first assign, plus the margin for network jitter, minus the 4 s passed.
    expect(refused.headers.get('Retry-After')).toBe('7');
    const body = (await refused.json()) as ErrorBody;
    expect(body.error.code).toBe('RATE_LIMITED');
    expect(body.error.retryAfterMs).toBeGreaterThan(6000 + ASSIGN_MARGIN_MS - 500);
    expect(body.error.retryAfterMs).toBeLessThanOrEqual(6000 + ASSIGN_MARGIN_MS);
    expect(suite.world.fake.countRequests()).toBe(0);

    suite.world.clock.advance(body.error.retryAfterMs ?? 0);
    expect((await chat(second.crmUserId, crmCustomerId)).body.assignment).toBe('reassigned');
  });

  it('keeps the mapping when the assign fails, and counts the failed assign against the 10 s limit', async () => {
    const agent = await suite.world.agent();
    const { crmCustomerId } = suite.world.lead();
    suite.world.fake.setFault('assign', { status: 503 });
    const failed = await chat(agent.crmUserId, crmCustomerId);
    expect(failed.status).toBe(503);
    expect(failed.body.error.code).toBe('SALESCHAT_UNAVAILABLE');
    // No blind retry of the assign.
    expect(suite.world.fake.countRequests('assign')).toBe(1);
    const row = await suite.world.proxy.store.getContact(crmCustomerId);
    expect(row).toMatchObject({ assigneeScUserId: null });
    const contactId = row?.scContactId ?? '';
    expect(suite.world.fake.contacts.has(contactId)).toBe(true);

    suite.world.fake.clearFaults();
    const early = await chat(agent.crmUserId, crmCustomerId);
    expect(early.status).toBe(429);

    suite.world.clock.advance(10_000 + ASSIGN_MARGIN_MS);
    suite.world.fake.clearRequests();
    const retried = await chat(agent.crmUserId, crmCustomerId);
    expect(retried.body).toMatchObject({
      contactId,
      contact: 'existing',
      assignment: 'assigned',
    });
    expect(suite.world.fake.requests.map((request) => request.endpoint)).toEqual(['assign']);
  });

  it('answers CONTACT_NEEDS_REPAIR when Saleschat answers 4090001 without the contact, until an operator links it', async () => {
    const agent = await suite.world.agent();
    const { crmCustomerId } = suite.world.lead();
    // A contact Saleschat has but the proxy's table does not (made elsewhere, or a lost row).
    const made = await fetch(`${suite.world.fakeUrl}/v2/org/${ORG_ID}/contact`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ crm_id: crmCustomerId, opt_in_date: new Date().toISOString() }),
    });
    const { id } = (await made.json()) as { id: string };
    suite.world.clock.advance(2000);

    const refused = await chat(agent.crmUserId, crmCustomerId);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('CONTACT_NEEDS_REPAIR');
    expect(refused.body.error.saleschat).toEqual({
      code: 4090001,
      message: 'UQ_CONSTRAINT_FAILED',
    });
    expect(refused.body.error.message).toContain('saleschat-kit contacts link');
    expect(await suite.world.proxy.store.listPendingContacts()).toEqual([
      expect.objectContaining({ crmCustomerId, needsRepairSince: expect.any(Date) }),
    ]);

    await suite.world.proxy.store.saveContact(crmCustomerId, id);
    const restored = await chat(agent.crmUserId, crmCustomerId);
    expect(restored.body).toMatchObject({
      contactId: id,
      contact: 'existing',
      assignment: 'assigned',
    });
  });

  describe('create contact faults: never retried blindly', () => {
    it.each([
      ['a 5xx', { status: 500 }, 503],
      ['a dropped connection', { drop: true }, 503],
    ])(
      'answers SALESCHAT_UNAVAILABLE after %s, with one create request',
      async (_name, fault, status) => {
        const agent = await suite.world.agent();
        const { crmCustomerId } = suite.world.lead();
        suite.world.fake.setFault('createContact', fault);
        const { status: answered, body } = await chat(agent.crmUserId, crmCustomerId);
        expect(answered).toBe(status);
        expect(body.error.code).toBe('SALESCHAT_UNAVAILABLE');
        expect(suite.world.fake.countRequests('createContact')).toBe(1);
        expect(suite.world.fake.countRequests('assign')).toBe(0);
        expect(await suite.world.proxy.store.getContact(crmCustomerId)).toBeNull();
      },
    );

    it('answers SALESCHAT_UNAVAILABLE 504 after the timeout', async () => {
      const agent = await suite.world.agent();
      const { crmCustomerId } = suite.world.lead();
      const proxy = suite.world.newProxy({
        saleschat: { baseUrl: suite.world.fakeUrl, token: TOKEN, orgId: ORG_ID, timeoutMs: 200 },
      });
      suite.world.fake.setFault('createContact', { timeout: true });
      const response = await proxy.fetch(chatRequest(agent.crmUserId, crmCustomerId));
      expect(response.status).toBe(504);
      expect(((await response.json()) as ErrorBody).error.code).toBe('SALESCHAT_UNAVAILABLE');
      expect(suite.world.fake.countRequests('createContact')).toBe(1);
    });

    it('answers CONTACT_NEEDS_REPAIR to an unreadable answer, logged once, and lists the lead as pending', async () => {
      const agent = await suite.world.agent();
      const { crmCustomerId } = suite.world.lead();
      suite.world.fake.setFault('createContact', { malformedJson: true, times: 1 });
      const first = await chat(agent.crmUserId, crmCustomerId);
      expect(first.status).toBe(409);
      expect(first.body.error.code).toBe('CONTACT_NEEDS_REPAIR');
      expect(first.body.error.message).toContain('is not JSON');

      suite.world.clock.advance(2000);
      const second = await chat(agent.crmUserId, crmCustomerId);
      expect(second.body.error).toMatchObject({
        code: 'CONTACT_NEEDS_REPAIR',
        saleschat: { code: 4090001 },
      });
      const logged = suite.world.logs.filter(
        (line) => line.includes('needs an operator') && line.includes(crmCustomerId),
      );
      expect(logged).toHaveLength(1);
      const pending = await suite.world.proxy.store.listPendingContacts();
      expect(pending.map((entry) => entry.crmCustomerId)).toContain(crmCustomerId);
    });

    it('answers RATE_LIMITED when Saleschat answers 429', async () => {
      const agent = await suite.world.agent();
      const { crmCustomerId } = suite.world.lead();
      suite.world.fake.setFault('createContact', { status: 429 });
      const { status, body } = await chat(agent.crmUserId, crmCustomerId);
      expect(status).toBe(429);
      expect(body.error).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 1000 });
    });
  });

  describe('assign faults', () => {
    it('answers success when the assign was done but its answer is not JSON (its body is not read)', async () => {
      const agent = await suite.world.agent();
      const { crmCustomerId } = suite.world.lead();
      suite.world.fake.setFault('assign', { malformedJson: true });
      const { status, body } = await chat(agent.crmUserId, crmCustomerId);
      expect(status).toBe(200);
      expect(suite.world.fake.contacts.get(body.contactId)?.assignee).toBe(agent.scUserId);
    });

    it('answers SALESCHAT_UNAVAILABLE for a dropped connection and RATE_LIMITED for a 429', async () => {
      const agent = await suite.world.agent();
      const first = suite.world.lead();
      suite.world.fake.setFault('assign', { drop: true });
      const dropped = await chat(agent.crmUserId, first.crmCustomerId);
      expect(dropped.status).toBe(503);
      expect(suite.world.fake.countRequests('assign')).toBe(1);

      const second = suite.world.lead();
      suite.world.fake.setFault('assign', { status: 429 });
      const limited = await chat(agent.crmUserId, second.crmCustomerId);
      expect(limited.status).toBe(429);
      expect(limited.body.error).toMatchObject({
        code: 'RATE_LIMITED',
        retryAfterMs: 10_000 + ASSIGN_MARGIN_MS,
      });
    });

    it('answers SALESCHAT_UNAVAILABLE 504 when the assign times out, and keeps the mapping', async () => {
      const agent = await suite.world.agent();
      const { crmCustomerId } = suite.world.lead();
      const proxy = suite.world.newProxy({
        saleschat: { baseUrl: suite.world.fakeUrl, token: TOKEN, orgId: ORG_ID, timeoutMs: 200 },
      });
      suite.world.fake.setFault('assign', { timeout: true });
      const response = await proxy.fetch(chatRequest(agent.crmUserId, crmCustomerId));
      expect(response.status).toBe(504);
      expect(suite.world.fake.countRequests('assign')).toBe(1);
      expect(await suite.world.proxy.store.getContact(crmCustomerId)).toMatchObject({
        assigneeScUserId: null,
      });
    });

    it('waits out latency below the timeout', async () => {
      const agent = await suite.world.agent();
      const { crmCustomerId } = suite.world.lead();
      suite.world.fake.setFault('assign', { latencyMs: 150 });
      expect((await chat(agent.crmUserId, crmCustomerId)).status).toBe(200);
    });
  });

  describe('concurrency', () => {
    it('creates one contact for 100 parallel chats of one agent on a new lead', async () => {
      const agent = await suite.world.agent();
      const { crmCustomerId } = suite.world.lead();
      const answers = await Promise.all(
        Array.from({ length: 100 }, () => chat(agent.crmUserId, crmCustomerId)),
      );
      expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([200]));
      expect(new Set(answers.map((answer) => answer.body.contactId)).size).toBe(1);
      expect(suite.world.fake.countRequests('createContact')).toBe(1);
      expect(suite.world.fake.countRequests('assign')).toBe(1);
    });

    it('creates one contact and assigns once when 10 agents chat a new lead at the same time', async () => {
      const agents = await Promise.all(Array.from({ length: 10 }, () => suite.world.agent()));
      const { crmCustomerId } = suite.world.lead();
      const answers = await Promise.all(
        agents.flatMap((agent) =>
          Array.from({ length: 10 }, () => chat(agent.crmUserId, crmCustomerId)),
        ),
      );
      expect(suite.world.fake.countRequests('createContact')).toBe(1);
      expect(suite.world.fake.countRequests('assign')).toBe(1);
      const ok = answers.filter((answer) => answer.status === 200);
      const limited = answers.filter((answer) => answer.status === 429);
      expect(ok).toHaveLength(10);
      expect(limited).toHaveLength(90);
      expect(new Set(ok.map((answer) => answer.body.contactId)).size).toBe(1);
    });
  });
});
