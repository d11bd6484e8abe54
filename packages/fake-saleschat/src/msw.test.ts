import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFakeSaleschat } from './createFakeSaleschat';
import { createFakeSaleschatHandlers } from './msw';

const fake = createFakeSaleschat({ token: 'msw-token' });
const prefixed = createFakeSaleschat();
const server = setupServer(
  ...createFakeSaleschatHandlers(fake),
  ...createFakeSaleschatHandlers(prefixed, { baseUrl: 'http://crm.test/saleschat/' }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  fake.reset();
  prefixed.reset();
});
afterAll(() => server.close());

const BASE = 'https://apis.saleschat.pro';
const headers = { authorization: 'Bearer msw-token' };
const contact = { crm_id: 'C-1', opt_in_date: '2026-01-01T00:00:00Z', first_name: 'Bo' };

describe('createFakeSaleschatHandlers', () => {
  it('answers from the same model as the fake, and logs the request', async () => {
    const { userId } = fake.seedUser({
      email: 'ann@example.com',
      firstName: 'Ann',
      lastName: 'Lee',
    });
    const created = await fetch(`${BASE}/v2/org/org_fake/contact`, {
      method: 'POST',
      headers,
      body: JSON.stringify(contact),
    });
    expect(created.status).toBe(200);
    const { id } = (await created.json()) as { id: string };
    const assigned = await fetch(`${BASE}/v3/orgs/org_fake/contacts/${id}/assign`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ user_id: userId }),
    });
    expect(assigned.status).toBe(200);
    expect(fake.chatroomsOf(userId).map((room) => room.name)).toEqual(['C-1 Bo']);
    expect(fake.requests.map((entry) => [entry.endpoint, entry.status])).toEqual([
      ['createContact', 200],
      ['assign', 200],
    ]);
  });

  it('answers errors in the Saleschat shape', async () => {
    const response = await fetch(`${BASE}/v2/org/org_fake/contact`, {
      method: 'POST',
      body: JSON.stringify(contact),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      error_code: 4010001,
      error_message: 'UNAUTHENTICATED',
    });
  });

  it('serves magic links whose dashboard it also serves', async () => {
    const { userId } = fake.seedUser({
      email: 'ann@example.com',
      firstName: 'Ann',
      lastName: 'Lee',
    });
    const response = await fetch(`${BASE}/v1/org/org_fake/user/${userId}/magiclink`, { headers });
    const { magic_link } = (await response.json()) as { magic_link: string };
    expect(magic_link.startsWith(`${BASE}/magic/`)).toBe(true);
    const opened = await fetch(magic_link, { redirect: 'manual' });
    expect(opened.status).toBe(302);
    expect(opened.headers.get('location')).toBe('/dashboard');
  });

  it('turns a drop fault into a network error', async () => {
    fake.setFault('createContact', { drop: true });
    const error = await fetch(`${BASE}/v2/org/org_fake/contact`, {
      method: 'POST',
      headers,
      body: JSON.stringify(contact),
    }).then(
      () => null,
      (caught: Error) => caught,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(fake.contacts.size).toBe(0);
  });

  it('never answers under a timeout fault', async () => {
    fake.setFault('magicLink', { timeout: true });
    const outcome = await fetch(`${BASE}/v1/org/org_fake/user/u/magiclink`, {
      headers,
      signal: AbortSignal.timeout(150),
    }).then(
      (response) => `answered ${response.status}`,
      (error: Error) => error.name,
    );
    expect(outcome).toMatch(/TimeoutError|AbortError/);
  });

  it('answers 5xx and malformed JSON faults', async () => {
    fake.setFault('createContact', { status: 503, times: 1 });
    const post = () =>
      fetch(`${BASE}/v2/org/org_fake/contact`, {
        method: 'POST',
        headers,
        body: JSON.stringify(contact),
      });
    expect((await post()).status).toBe(503);
    fake.setFault('createContact', { malformedJson: true, times: 1 });
    const malformed = await post();
    expect(malformed.status).toBe(200);
    await expect(malformed.json()).rejects.toThrow(SyntaxError);
  });

  it('serves under a base URL with a path, taking the path off before routing', async () => {
    const response = await fetch('http://crm.test/saleschat/v2/org/org_fake/contact', {
      method: 'POST',
      headers: { authorization: 'Bearer fake-saleschat-token' },
      body: JSON.stringify(contact),
    });
    expect(response.status).toBe(200);
    expect(prefixed.requests.map((entry) => entry.path)).toEqual(['/v2/org/org_fake/contact']);
    expect(fake.requests).toEqual([]);
  });
});
