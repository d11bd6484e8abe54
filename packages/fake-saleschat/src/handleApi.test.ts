import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeSaleschatServer, type FakeSaleschatServer } from './startFakeSaleschatServer';

const TOKEN = 'test-token';
const ORG = 'org_test';
let clock = 1_800_000_000_000;
const server: FakeSaleschatServer = await startFakeSaleschatServer({
  token: TOKEN,
  orgId: ORG,
  now: () => clock,
});
afterAll(() => server.close());
beforeEach(() => {
  server.fake.reset();
  clock += 60_000;
});

function call(method: string, path: string, body?: unknown, token: string | null = TOKEN) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  return fetch(`${server.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const userBody = {
  email: 'ann@example.com',
  password: 'correct-horse',
  first_name: 'Ann',
  last_name: 'Lee',
};
const contactBody = {
  crm_id: 'C-100',
  opt_in_date: '2026-01-02T03:04:05.000Z',
  first_name: 'Bo',
  last_name: 'Diaz',
  phone_number: '+919999999999',
};

async function createUser(email = 'ann@example.com'): Promise<string> {
  const response = await call('POST', `/v1/org/${ORG}/user`, { ...userBody, email });
  expect(response.status).toBe(200);
  return ((await response.json()) as { user_id: string }).user_id;
}

async function createContact(overrides: Record<string, unknown> = {}): Promise<string> {
  const response = await call('POST', `/v2/org/${ORG}/contact`, { ...contactBody, ...overrides });
  expect(response.status).toBe(200);
  return ((await response.json()) as { id: string }).id;
}

describe('endpoints', () => {
  it('creates a user and answers with its id', async () => {
    const response = await call('POST', `/v1/org/${ORG}/user`, userBody);
    expect(response.status).toBe(200);
    const { user_id } = (await response.json()) as { user_id: string };
    expect(server.fake.users.get(user_id)).toMatchObject({
      email: 'ann@example.com',
      firstName: 'Ann',
      lastName: 'Lee',
    });
  });

  it('answers a magic link with its expiry, pointing at the server', async () => {
    const userId = await createUser();
    const response = await call('GET', `/v1/org/${ORG}/user/${userId}/magiclink`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { magic_link: string; expires_at: string };
    expect(body.magic_link).toMatch(new RegExp(`^${server.url}/magic/[\\w-]{20,}$`));
    expect(Date.parse(body.expires_at)).toBe(clock + 15 * 60_000);
  });

  it('makes a new link on every call', async () => {
    const userId = await createUser();
    const links = await Promise.all(
      [1, 2].map(async () => {
        const response = await call('GET', `/v1/org/${ORG}/user/${userId}/magiclink`);
        return ((await response.json()) as { magic_link: string }).magic_link;
      }),
    );
    expect(links[0]).not.toBe(links[1]);
  });

  it('creates a contact and answers with the documented fields only', async () => {
    const response = await call('POST', `/v2/org/${ORG}/contact`, contactBody);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({
      id: expect.any(String),
      crm_id: 'C-100',
      opt_in_date: '2026-01-02T03:04:05.000Z',
      create_date: new Date(clock).toISOString(),
      first_name: 'Bo',
      last_name: 'Diaz',
      governance_level: { id: 'default', name: 'Default' },
    });
    expect(server.fake.contacts.get(body.id as string)).toMatchObject({
      crmId: 'C-100',
      phoneNumber: '+919999999999',
      assignee: null,
    });
  });

  it('updates a contact, which renames its chatroom', async () => {
    const userId = await createUser();
    const contactId = await createContact();
    await call('POST', `/v3/orgs/${ORG}/contacts/${contactId}/assign`, { user_id: userId });
    const response = await call('PUT', `/v1/orgs/${ORG}/contact/${contactId}`, {
      crm_id: 'C-200',
      last_name: 'Ruiz',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      crm_id: 'C-200',
      first_name: 'Bo',
      last_name: 'Ruiz',
    });
    expect(server.fake.chatroomsOf(userId).map((room) => room.name)).toEqual(['C-200 Bo Ruiz']);
  });

  it('assigns a contact, creating its chatroom, and reassigns it to another user', async () => {
    const ann = await createUser('ann@example.com');
    const cy = await createUser('cy@example.com');
    const contactId = await createContact();
    const first = await call('POST', `/v3/orgs/${ORG}/contacts/${contactId}/assign`, {
      user_id: ann,
    });
    expect(first.status).toBe(200);
    const { chatroom_id } = (await first.json()) as { chatroom_id: string };
    expect(server.fake.contacts.get(contactId)).toMatchObject({ assignee: ann, assignedAt: clock });
    expect(server.fake.chatroomsOf(ann)).toEqual([
      { id: chatroom_id, contactId, name: 'C-100 Bo Diaz', assignee: ann, assignedAt: clock },
    ]);

    clock += 10_000;
    const second = await call('POST', `/v3/orgs/${ORG}/contacts/${contactId}/assign`, {
      user_id: cy,
      group_id: 'ignored-when-user-given',
    });
    expect(second.status).toBe(200);
    expect(((await second.json()) as { chatroom_id: string }).chatroom_id).toBe(chatroom_id);
    expect(server.fake.chatroomsOf(ann)).toEqual([]);
    expect(server.fake.chatroomsOf(cy).map((room) => room.id)).toEqual([chatroom_id]);
    expect(server.fake.contacts.get(contactId)).toMatchObject({
      assignee: cy,
      assigneeGroupId: null,
    });
  });

  it('names a chatroom after crm_id alone when the contact has no names', async () => {
    const userId = await createUser();
    const contactId = await createContact({ first_name: undefined, last_name: '' });
    await call('POST', `/v3/orgs/${ORG}/contacts/${contactId}/assign`, { user_id: userId });
    expect(server.fake.chatroomsOf(userId)[0]?.name).toBe('C-100');
  });

  it('lists chatrooms most recently assigned first, even when the clock stands still', async () => {
    const userId = await createUser();
    const first = await createContact({ crm_id: 'A' });
    const second = await createContact({ crm_id: 'B' });
    await call('POST', `/v3/orgs/${ORG}/contacts/${first}/assign`, { user_id: userId });
    await call('POST', `/v3/orgs/${ORG}/contacts/${second}/assign`, { user_id: userId });
    expect(server.fake.chatroomsOf(userId).map((room) => room.name)).toEqual([
      'B Bo Diaz',
      'A Bo Diaz',
    ]);
    clock += 10_000;
    await call('POST', `/v3/orgs/${ORG}/contacts/${first}/assign`, { user_id: userId });
    expect(server.fake.chatroomsOf(userId).map((room) => room.name)).toEqual([
      'A Bo Diaz',
      'B Bo Diaz',
    ]);
  });

  it('holds an assign_on_handover assignment without giving anyone the chatroom', async () => {
    const userId = await createUser();
    const contactId = await createContact();
    const response = await call('POST', `/v3/orgs/${ORG}/contacts/${contactId}/assign`, {
      user_id: userId,
      assign_on_handover: true,
    });
    expect(response.status).toBe(200);
    expect(server.fake.chatroomsOf(userId)).toEqual([]);
    expect(server.fake.contacts.get(contactId)?.pendingHandover).toEqual({ userId, groupId: null });
  });
});

describe('magic-link body shapes', () => {
  it.each([
    ['link-only' as const, (link: string) => ({ magic_link: link })],
    [
      'nested' as const,
      (link: string) => ({ data: { link, expiry: Math.floor((clock + 60_000) / 1000) } }),
    ],
  ])('answers the %s shape', async (shape, expected) => {
    const other = await startFakeSaleschatServer({
      magicLinkResponse: shape,
      magicLinkTtlMs: 60_000,
      now: () => clock,
    });
    try {
      const { userId } = other.fake.seedUser({ email: 'a@b.co', firstName: 'A', lastName: 'B' });
      const response = await fetch(`${other.url}/v1/org/org_fake/user/${userId}/magiclink`, {
        headers: { authorization: 'Bearer fake-saleschat-token' },
      });
      const body = (await response.json()) as Record<string, unknown>;
      const link = JSON.stringify(body).match(/http:[^"]+/)?.[0] ?? '';
      expect(link.startsWith(`${other.url}/magic/`)).toBe(true);
      expect(body).toEqual(expected(link));
    } finally {
      await other.close();
    }
  });
});

describe('errors', () => {
  it.each([
    ['no Authorization header', null],
    ['a wrong token', 'not-the-token'],
  ])('refuses a request with %s with 401 before looking at anything else', async (_, token) => {
    const response = await call('POST', '/v1/org/another-org/user', '{not json', token);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error_code: 4010001,
      error_message: 'UNAUTHENTICATED',
      error_description: 'Missing or invalid bearer token.',
      payload: {},
    });
    expect(server.fake.users.size).toBe(0);
  });

  it('refuses a non-Bearer scheme with 401', async () => {
    const response = await fetch(`${server.url}/v1/org/${ORG}/user`, {
      method: 'POST',
      headers: { authorization: `Basic ${TOKEN}` },
      body: JSON.stringify(userBody),
    });
    expect(response.status).toBe(401);
  });

  it('refuses another organisation with 403 4030001 FORBIDDEN', async () => {
    const response = await call('POST', '/v1/org/org_other/user', userBody);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({
      error_code: 4030001,
      error_message: 'FORBIDDEN',
    });
  });

  it('refuses a duplicate crm_id with 409 4090001 UQ_CONSTRAINT_FAILED', async () => {
    await createContact();
    const response = await call('POST', `/v2/org/${ORG}/contact`, {
      ...contactBody,
      first_name: 'X',
    });
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({
      error_code: 4090001,
      error_message: 'UQ_CONSTRAINT_FAILED',
      error_description: 'A contact with this crm_id already exists.',
      payload: {},
    });
    expect(server.fake.contacts.size).toBe(1);
  });

  it('refuses an update to a crm_id another contact has with 409 4090001', async () => {
    await createContact({ crm_id: 'A' });
    const second = await createContact({ crm_id: 'B' });
    const response = await call('PUT', `/v1/orgs/${ORG}/contact/${second}`, { crm_id: 'A' });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ error_code: 4090001 });
    expect(server.fake.contacts.get(second)?.crmId).toBe('B');
  });

  it('refuses a second user with the same email (any case) with 409 4090001', async () => {
    await createUser('ann@example.com');
    const response = await call('POST', `/v1/org/${ORG}/user`, {
      ...userBody,
      email: 'ANN@example.com',
    });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ error_code: 4090001 });
  });

  it('answers 404 for a magic link of an unknown user', async () => {
    const response = await call('GET', `/v1/org/${ORG}/user/no-such-user/magiclink`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error_code: 4040001,
      error_message: 'NOT_FOUND',
      error_description: 'The user does not exist in this organisation, or was deleted.',
      payload: {},
    });
  });

  it.each([
    ['update of an unknown contact', 'PUT', `/v1/orgs/${ORG}/contact/nope`, { crm_id: 'X' }],
    [
      'assign of an unknown contact',
      'POST',
      `/v3/orgs/${ORG}/contacts/nope/assign`,
      { user_id: 'u' },
    ],
  ])('answers 404 for an %s', async (_, method, path, body) => {
    const response = await call(method, path, body);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error_code: 4040001 });
  });

  it('answers 404 for an assign to an unknown user and assigns nobody', async () => {
    const contactId = await createContact();
    const response = await call('POST', `/v3/orgs/${ORG}/contacts/${contactId}/assign`, {
      user_id: 'no-such-user',
    });
    expect(response.status).toBe(404);
    expect(server.fake.contacts.get(contactId)?.assignee).toBeNull();
  });

  it('answers 401 before 404 or 405 without a valid token', async () => {
    expect((await call('POST', `/v2/org/${ORG}/contacts`, contactBody, null)).status).toBe(401);
    expect((await call('GET', `/v2/org/${ORG}/contact`, undefined, 'wrong')).status).toBe(401);
  });

  it('answers 404 for a path the API does not have and 405 for a wrong method', async () => {
    const unknown = await call('POST', `/v2/org/${ORG}/contacts`, contactBody);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error_code: 4040001 });
    const wrongMethod = await call('GET', `/v2/org/${ORG}/contact`);
    expect(wrongMethod.status).toBe(405);
    expect(await wrongMethod.json()).toMatchObject({ error_code: 4050001 });
  });

  it.each(['', '{"crm_id": ', 'null', '[1]', '"text"'])(
    'answers 400 for the body %j',
    async (body) => {
      const response = await call('POST', `/v2/org/${ORG}/contact`, body);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        error_code: 4000001,
        error_message: 'INVALID_INPUT',
        payload: { field: 'body' },
      });
    },
  );
});

describe('rate limits', () => {
  it('allows 10 requests per endpoint in a sliding second, then answers 429 without Retry-After', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 10; index += 1) {
      statuses.push((await call('GET', `/v1/org/${ORG}/user/nobody/magiclink`)).status);
      clock += 50;
    }
    expect(statuses).toEqual(Array(10).fill(404));
    const refused = await call('GET', `/v1/org/${ORG}/user/nobody/magiclink`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBeNull();
    expect(await refused.json()).toMatchObject({
      error_code: 4290001,
      error_message: 'TOO_MANY_REQUESTS',
      payload: {},
    });

    // Another endpoint has its own budget.
    expect((await call('POST', `/v2/org/${ORG}/contact`, contactBody)).status).toBe(200);

    // Requests went out at +0, +50 … +450 ms; at +1010 ms only the first has left the window.
    clock += 510;
    expect((await call('GET', `/v1/org/${ORG}/user/nobody/magiclink`)).status).toBe(404);
    expect((await call('GET', `/v1/org/${ORG}/user/nobody/magiclink`)).status).toBe(429);
  });

  it('allows 1 assign per 10 s per contact, by the clock', async () => {
    const userId = await createUser();
    const first = await createContact({ crm_id: 'A' });
    const second = await createContact({ crm_id: 'B' });
    const assign = (contactId: string) =>
      call('POST', `/v3/orgs/${ORG}/contacts/${contactId}/assign`, { user_id: userId });

    expect((await assign(first)).status).toBe(200);
    expect((await assign(second)).status).toBe(200);
    clock += 9_999;
    const refused = await assign(first);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBeNull();
    expect(await refused.json()).toMatchObject({ error_code: 4290001 });
    clock += 1;
    expect((await assign(first)).status).toBe(200);
  });

  it('counts only requests with the right token against the limit', async () => {
    for (let index = 0; index < 20; index += 1) {
      await call('GET', `/v1/org/${ORG}/user/nobody/magiclink`, undefined, 'wrong');
    }
    expect((await call('GET', `/v1/org/${ORG}/user/nobody/magiclink`)).status).toBe(404);
  });
});

describe('request log', () => {
  it('records each API request with its endpoint, status and body, but no token', async () => {
    await createUser();
    await call('POST', `/v2/org/${ORG}/contact`, '{broken', 'wrong');
    await call('GET', '/nowhere');
    await call('GET', '/nowhere', undefined, null);
    expect(server.fake.requests).toEqual([
      {
        at: clock,
        method: 'POST',
        path: `/v1/org/${ORG}/user`,
        endpoint: 'createUser',
        status: 200,
        body: { ...userBody },
      },
      {
        at: clock,
        method: 'POST',
        path: `/v2/org/${ORG}/contact`,
        endpoint: 'createContact',
        status: 401,
        body: '{broken',
      },
      { at: clock, method: 'GET', path: '/nowhere', endpoint: null, status: 404, body: null },
      { at: clock, method: 'GET', path: '/nowhere', endpoint: null, status: 401, body: null },
    ]);
    expect(JSON.stringify(server.fake.requests)).not.toContain(TOKEN);
    expect(server.fake.countRequests()).toBe(4);
    expect(server.fake.countRequests('createContact')).toBe(1);
    expect(server.fake.countRequests('assign')).toBe(0);
    server.fake.clearRequests();
    expect(server.fake.requests).toEqual([]);
  });

  it('does not log seeded users', () => {
    server.fake.seedUser({ email: 'seed@example.com', firstName: 'S', lastName: 'E' });
    expect(server.fake.countRequests()).toBe(0);
  });
});
