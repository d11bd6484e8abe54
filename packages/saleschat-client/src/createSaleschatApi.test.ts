import { SaleschatError } from '@saleschat-kit/core';
import { startFakeSaleschatServer, type FakeSaleschatServer } from '@saleschat-kit/fake-saleschat';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRateLimiter } from './createRateLimiter';
import { ASSIGN_MARGIN_MS, SALESCHAT_RATE_LIMITS } from './constants';
import {
  createSaleschatApi,
  isMissingContact,
  type SaleschatApi,
  type SaleschatRequestRecord,
} from './createSaleschatApi';
import { existingContactIdOf } from './existingContactIdOf';

const TOKEN = 'api-test-token-0123456789';
const ORG_ID = 'org_api';
const PASSWORD = 'Secret-Passw0rd!';

function apiFor(server: FakeSaleschatServer, lines: string[], token = TOKEN): SaleschatApi {
  const write = (message: string, fields?: Record<string, unknown>) =>
    lines.push(`${message} ${JSON.stringify(fields ?? {})}`);
  return createSaleschatApi({
    baseUrl: server.url,
    token,
    orgId: ORG_ID,
    timeoutMs: 2000,
    logger: { info: write, warn: write, error: write },
    limiter: createRateLimiter({ limit: 100, windowMs: 1000, maxQueueMs: 5000 }),
  });
}

async function rejection(promise: Promise<unknown>): Promise<SaleschatError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(SaleschatError);
  return error as SaleschatError;
}

describe('createSaleschatApi: users', () => {
  let server: FakeSaleschatServer;
  let lines: string[];
  let api: SaleschatApi;

  beforeAll(async () => {
    server = await startFakeSaleschatServer({ token: TOKEN, orgId: ORG_ID });
  });

  afterAll(async () => {
    await server?.close();
  });

  beforeEach(() => {
    server.fake.reset();
    lines = [];
    api = apiFor(server, lines);
  });

  it('creates a user with the documented body and returns its id', async () => {
    const { userId } = await api.createUser({
      email: 'ann@example.com',
      password: PASSWORD,
      firstName: 'Ann',
      lastName: 'Lee',
    });

    expect(server.fake.users.get(userId)).toMatchObject({
      email: 'ann@example.com',
      firstName: 'Ann',
      lastName: 'Lee',
    });
    const [request] = server.fake.requests;
    expect(request).toMatchObject({
      method: 'POST',
      path: `/v1/org/${ORG_ID}/user`,
      status: 200,
      body: { email: 'ann@example.com', password: PASSWORD, first_name: 'Ann', last_name: 'Lee' },
    });
  });

  it('answers a taken email with status 409 and 4090001, without the password anywhere', async () => {
    server.fake.seedUser({ email: 'ann@example.com', firstName: 'Ann', lastName: 'Lee' });

    const error = await rejection(
      api.createUser({
        email: 'ANN@example.com',
        password: PASSWORD,
        firstName: 'A',
        lastName: 'L',
      }),
    );

    expect(error).toMatchObject({
      code: 'SALESCHAT_ERROR',
      status: 409,
      saleschat: { code: 4090001, message: 'UQ_CONSTRAINT_FAILED' },
    });
    expect(error.message).toMatch(/already has a user with this email/);
    expect(JSON.stringify([error.message, lines])).not.toContain(PASSWORD);
    expect(server.fake.countRequests('createUser')).toBe(1);
  });

  it('sends a create once when Saleschat fails, and says Saleschat is unavailable', async () => {
    server.fake.setFault('createUser', { status: 503, times: 1 });

    const error = await rejection(
      api.createUser({
        email: 'bo@example.com',
        password: PASSWORD,
        firstName: 'B',
        lastName: 'O',
      }),
    );

    expect(error).toMatchObject({ code: 'SALESCHAT_UNAVAILABLE', status: 503 });
    expect(server.fake.countRequests('createUser')).toBe(1);
  });

  it('reports an answer without a user id as unsure, since the user was created', async () => {
    server.fake.setFault('createUser', { malformedJson: true, times: 1 });

    const error = await rejection(
      api.createUser({
        email: 'cy@example.com',
        password: PASSWORD,
        firstName: 'C',
        lastName: 'Y',
      }),
    );

    expect(error).toMatchObject({ code: 'SALESCHAT_UNAVAILABLE', status: 502 });
    expect(error.message).toMatch(/may exist in Saleschat/);
    expect(server.fake.users.size).toBe(1);
  });

  it('maps a refused token to SALESCHAT_ERROR and keeps the token out of messages and logs', async () => {
    const wrong = apiFor(server, lines, 'wrong-token-abcdef');

    const error = await rejection(
      wrong.createUser({
        email: 'di@example.com',
        password: PASSWORD,
        firstName: 'D',
        lastName: 'I',
      }),
    );

    expect(error).toMatchObject({ code: 'SALESCHAT_ERROR', saleschat: { code: 4010001 } });
    expect(JSON.stringify([error.message, lines])).not.toMatch(/wrong-token-abcdef|Passw0rd/);
  });

  it('tells an org member from an unknown user id with a magic-link request', async () => {
    const { userId } = server.fake.seedUser({
      email: 'ed@example.com',
      firstName: 'Ed',
      lastName: 'Ng',
    });

    expect(await api.isOrgMember(userId)).toBe(true);
    expect(await api.isOrgMember('no-such-user')).toBe(false);
    expect(server.fake.requests.map((request) => [request.path, request.status])).toEqual([
      [`/v1/org/${ORG_ID}/user/${userId}/magiclink`, 200],
      [`/v1/org/${ORG_ID}/user/no-such-user/magiclink`, 404],
    ]);
  });

  it('throws instead of answering when the membership check fails', async () => {
    server.fake.setFault('magicLink', { status: 500, times: 1 });

    const error = await rejection(api.isOrgMember('any-user'));

    expect(error).toMatchObject({ code: 'SALESCHAT_UNAVAILABLE' });
  });
});

describe('createSaleschatApi: contacts', () => {
  let server: FakeSaleschatServer;
  let lines: string[];
  let api: SaleschatApi;
  let agent: string;

  beforeAll(async () => {
    server = await startFakeSaleschatServer({
      token: TOKEN,
      orgId: ORG_ID,
      limits: { perEndpointPerSecond: 1000, assignIntervalMs: 0 },
    });
  });

  afterAll(async () => {
    await server?.close();
  });

  beforeEach(() => {
    server.fake.reset();
    lines = [];
    api = apiFor(server, lines);
    agent = server.fake.seedUser({
      email: 'agent@example.com',
      firstName: 'A',
      lastName: 'G',
    }).userId;
  });

  const newContact = (crmId: string) =>
    api.createContact({
      crmId,
      optInDate: '2025-01-01T00:00:00.000Z',
      firstName: 'Asha',
      lastName: 'Verma',
      phoneNumber: '+919876543210',
    });

  it('updates a contact with the documented body, which renames its chatroom', async () => {
    const { id } = await newContact('lead-1');
    await api.assign(id, { userId: agent });

    await api.updateContact(id, { crmId: 'lead-1b', firstName: 'Asha', lastName: 'Rao' });

    expect(server.fake.requests.at(-1)).toMatchObject({
      method: 'PUT',
      path: `/v1/orgs/${ORG_ID}/contact/${id}`,
      status: 200,
      body: { crm_id: 'lead-1b', first_name: 'Asha', last_name: 'Rao' },
    });
    expect(server.fake.contacts.get(id)).toMatchObject({
      crmId: 'lead-1b',
      firstName: 'Asha',
      lastName: 'Rao',
    });
  });

  it('leaves empty names out of an update and says so when the contact does not exist', async () => {
    const { id } = await newContact('lead-2');
    await api.updateContact(id, { crmId: 'lead-2', firstName: '' });
    expect(server.fake.requests.at(-1)?.body).toEqual({ crm_id: 'lead-2' });
    expect(server.fake.contacts.get(id)).toMatchObject({ firstName: 'Asha' });

    const error = await rejection(api.updateContact('no-such-contact', { crmId: 'lead-x' }));
    expect(error).toMatchObject({ code: 'SALESCHAT_ERROR', saleschat: { code: 4040001 } });
    expect(error.message).toMatch(/no contact "no-such-contact"/);
  });

  it('assigns to a user, to a group, or on handover, with the documented body', async () => {
    const { id } = await newContact('lead-3');

    await api.assign(id, { groupId: 'group-7' });
    await api.assign(id, { userId: agent, assignOnHandover: true });
    await api.assign(id, { userId: agent });

    expect(server.fake.requests.slice(-3).map((request) => request.body)).toEqual([
      { group_id: 'group-7' },
      { user_id: agent, assign_on_handover: true },
      { user_id: agent },
    ]);
    expect(server.fake.contacts.get(id)).toMatchObject({ assignee: agent });
    expect(server.fake.chatroomsOf(agent)).toHaveLength(1);
  });

  it('runs onSend after the limiter granted the assign its slot, and sends nothing if it throws', async () => {
    const { id } = await newContact('lead-5');
    // Two assigns per 300 ms: the third waits for the first window to pass.
    const queued = createSaleschatApi({
      baseUrl: server.url,
      token: TOKEN,
      orgId: ORG_ID,
      limiter: createRateLimiter({ limit: 2, windowMs: 300, maxQueueMs: 1000 }),
    });
    const started = Date.now();
    let sentBefore = -1;
    let waitedMs = -1;
    await Promise.all([
      queued.assign(id, { userId: agent }),
      queued.assign(id, { userId: agent }),
      queued.assign(
        id,
        { userId: agent },
        {
          onSend: () => {
            waitedMs = Date.now() - started;
            sentBefore = server.fake.requests.length;
          },
        },
      ),
    ]);
    expect(waitedMs).toBeGreaterThanOrEqual(295);
    expect(server.fake.requests.length).toBe(sentBefore + 1);

    const count = server.fake.requests.length;
    const failed = await queued
      .assign(id, { userId: agent }, { onSend: () => Promise.reject(new Error('store down')) })
      .catch((error: Error) => error.message);
    expect(failed).toBe('store down');
    expect(server.fake.requests.length).toBe(count);
  });

  it("keeps the lead's phone and names out of a refused create's error and log", async () => {
    await newContact('lead-4');
    lines.length = 0;

    const error = await rejection(newContact('lead-4'));

    expect(error).toMatchObject({ code: 'CONTACT_NEEDS_REPAIR', saleschat: { code: 4090001 } });
    expect(error.message).toMatch(/saleschat-kit contacts link/);
    expect(lines.length).toBeGreaterThan(0);
    expect(JSON.stringify([error.message, lines])).not.toMatch(
      /9876543210|Asha|Verma|api-test-token/,
    );
  });

  it("adopts the existing contact when the duplicate's refusal names it (the guessed payload)", async () => {
    const first = await newContact('lead-6');
    server.fake.setConflictPayload('existing-id');
    try {
      expect(await newContact('lead-6')).toEqual({ id: first.id, adopted: true });
    } finally {
      server.fake.setConflictPayload('empty');
    }
    expect(first.adopted).toBe(false);
  });

  it('answers CONTACT_NEEDS_REPAIR to a 200 whose body is broken (the contact exists, its id is lost)', async () => {
    server.fake.setFault('createContact', { malformedJson: true, times: 1 });
    const error = await rejection(newContact('lead-7'));
    expect(error.code).toBe('CONTACT_NEEDS_REPAIR');
    expect([...server.fake.contacts.values()].some((c) => c.crmId === 'lead-7')).toBe(true);
  });

  it("suggests retrying a refused assign once the proxy's own interval allows it", async () => {
    const { id } = await newContact('lead-9');
    server.fake.setFault('assign', { status: 429, times: 1 });
    const error = await rejection(api.assign(id, { userId: agent }));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryAfterMs).toBe(SALESCHAT_RATE_LIMITS.assignIntervalMs + ASSIGN_MARGIN_MS);
  });

  it('tells a contact Saleschat no longer has apart from other assign refusals', async () => {
    const { id } = await newContact('lead-8');
    server.fake.deleteContact(id);
    const error = await rejection(api.assign(id, { userId: agent }));
    expect(isMissingContact(error)).toBe(true);
    expect(isMissingContact(new SaleschatError({ code: 'SALESCHAT_ERROR' }))).toBe(false);
  });

  it('waits createDeadlineMs, not timeoutMs, for a create', async () => {
    const patient = createSaleschatApi({
      token: TOKEN,
      orgId: ORG_ID,
      baseUrl: server.url,
      timeoutMs: 100,
      createDeadlineMs: 3000,
    });
    server.fake.setFault('createContact', { latencyMs: 400, times: 1 });
    const created = await patient.createContact({
      crmId: 'lead-9',
      optInDate: '2025-01-01T00:00:00.000Z',
      phoneNumber: '+919876543210',
    });
    expect(server.fake.contacts.get(created.id)?.crmId).toBe('lead-9');
  });
});

describe('existingContactIdOf', () => {
  it("takes the payload's id only with this lead's crm_id", () => {
    expect(existingContactIdOf({ payload: { id: 'c1', crm_id: 'L1' } }, 'L1')).toBe('c1');
    expect(existingContactIdOf({ payload: { id: 42, crm_id: 'L1' } }, 'L1')).toBe('42');
    // 4090001 also answers a phone number another contact has: not this lead's contact.
    expect(existingContactIdOf({ payload: { id: 'c1', crm_id: 'L2' } }, 'L1')).toBeUndefined();
    expect(existingContactIdOf({ payload: {} }, 'L1')).toBeUndefined();
    expect(existingContactIdOf(undefined, 'L1')).toBeUndefined();
  });
});

describe('createSaleschatApi: options', () => {
  it('refuses to start without a token or an organisation id, saying which', () => {
    expect(() => createSaleschatApi({ token: ' ', orgId: 'org' })).toThrow(/token is required/);
    expect(() => createSaleschatApi({ token: 'tok', orgId: '' })).toThrow(/orgId is required/);
  });
});

describe('createSaleschatApi: onRequest', () => {
  let server: FakeSaleschatServer;

  beforeAll(async () => {
    server = await startFakeSaleschatServer({ token: TOKEN, orgId: ORG_ID });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('tells each attempt with its status and retries, and a request the limiter refused without a status', async () => {
    const records: SaleschatRequestRecord[] = [];
    const api = createSaleschatApi({
      baseUrl: server.url,
      token: TOKEN,
      orgId: ORG_ID,
      timeoutMs: 2000,
      limiter: createRateLimiter({ limit: 3, windowMs: 60_000, maxQueueMs: 0 }),
      onRequest: (record) => records.push(record),
    });
    const { userId } = server.fake.seedUser({
      email: 'obs@example.com',
      firstName: 'Obs',
      lastName: 'Erver',
    });
    server.fake.setFault('magicLink', { status: 503, times: 2 });
    const before = Date.now();

    await api.magicLink(userId);
    const refused = await rejection(api.isOrgMember(userId));

    expect(refused.code).toBe('RATE_LIMITED');
    expect(
      records.map(({ endpoint, method, status, retries, errorCode }) => ({
        endpoint,
        method,
        status,
        retries,
        errorCode,
      })),
    ).toEqual([
      { endpoint: 'magicLink', method: 'GET', status: 503, retries: 0, errorCode: undefined },
      { endpoint: 'magicLink', method: 'GET', status: 503, retries: 1, errorCode: undefined },
      { endpoint: 'magicLink', method: 'GET', status: 200, retries: 2, errorCode: undefined },
      {
        endpoint: 'magicLink',
        method: 'GET',
        status: undefined,
        retries: 0,
        errorCode: 'RATE_LIMITED',
      },
    ]);
    for (const record of records.slice(0, 3)) {
      expect(record.durationMs).toBeGreaterThan(0);
      expect(record.startedAt).toBeGreaterThanOrEqual(before - 1);
    }
    // Never sent: neither a wait granted nor a request timed.
    expect(records[3]?.durationMs).toBeUndefined();
    expect(records[3]?.waitMs).toBeUndefined();
    expect(records[2]?.waitMs).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(records)).not.toContain(userId);
    expect(JSON.stringify(records)).not.toContain(TOKEN);
  });

  it('ignores an observer that throws', async () => {
    const api = createSaleschatApi({
      baseUrl: server.url,
      token: TOKEN,
      orgId: ORG_ID,
      onRequest: () => {
        throw new Error('broken observer');
      },
    });
    expect(await api.isOrgMember('no-such-user')).toBe(false);
  });
});
