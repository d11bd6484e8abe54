import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeSaleschatServer } from './startFakeSaleschatServer';

const server = await startFakeSaleschatServer();
afterAll(() => server.close());
beforeEach(() => server.fake.reset());

const admin = (method: string, path: string, body?: unknown) =>
  fetch(`${server.url}/__admin${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
const api = (method: string, path: string, body?: unknown) =>
  fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: 'Bearer fake-saleschat-token' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const contact = { crm_id: 'C-1', opt_in_date: '2026-01-01T00:00:00Z', first_name: 'Bo' };

describe('/__admin', () => {
  it('seeds a user without a token, a log entry or a rate-limit slot', async () => {
    const response = await admin('POST', '/users', {
      email: 'ann@example.com',
      firstName: 'Ann',
      lastName: 'Lee',
    });
    expect(response.status).toBe(201);
    const { userId } = (await response.json()) as { userId: string };
    expect(server.fake.users.get(userId)).toMatchObject({
      email: 'ann@example.com',
      firstName: 'Ann',
    });
    expect(server.fake.countRequests()).toBe(0);
    const link = await api('GET', `/v1/org/org_fake/user/${userId}/magiclink`);
    expect(link.status).toBe(200);
  });

  it.each([
    [400, 'not JSON', '{'],
    [400, 'a missing lastName', { email: 'b@example.com', firstName: 'B' }],
    [400, 'an invalid email', { email: 'nope', firstName: 'B', lastName: 'C' }],
    [400, 'a null body', null],
  ])('answers %i to a seed with %s', async (status, _, body) => {
    const response = await admin('POST', '/users', body);
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: string }).error).toEqual(expect.any(String));
    expect(server.fake.users.size).toBe(0);
  });

  it('answers 409 to a seed with a taken email', async () => {
    await admin('POST', '/users', { email: 'ann@example.com', firstName: 'Ann', lastName: 'Lee' });
    const response = await admin('POST', '/users', {
      email: 'ann@example.com',
      firstName: 'A',
      lastName: 'L',
    });
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({
      error: 'seedUser(): a user with the email ann@example.com already exists.',
    });
  });

  it('lists received requests, filters them by endpoint, and clears them', async () => {
    await api('POST', '/v2/org/org_fake/contact', contact);
    await api('GET', '/v1/org/org_fake/user/nobody/magiclink');
    const all = await (await admin('GET', '/requests')).json();
    expect(all).toEqual([
      expect.objectContaining({
        method: 'POST',
        endpoint: 'createContact',
        status: 200,
        body: contact,
      }),
      expect.objectContaining({ method: 'GET', endpoint: 'magicLink', status: 404, body: null }),
    ]);
    const filtered = (await (
      await admin('GET', '/requests?endpoint=magicLink')
    ).json()) as unknown[];
    expect(filtered).toHaveLength(1);
    expect((await admin('DELETE', '/requests')).status).toBe(204);
    expect(await (await admin('GET', '/requests')).json()).toEqual([]);
  });

  it('sets a fault per endpoint, clears it, and clears all', async () => {
    expect((await admin('PUT', '/faults/createContact', { status: 503, times: 1 })).status).toBe(
      204,
    );
    expect((await api('POST', '/v2/org/org_fake/contact', contact)).status).toBe(503);
    expect((await api('POST', '/v2/org/org_fake/contact', contact)).status).toBe(200);

    await admin('PUT', '/faults/assign', { status: 500 });
    expect((await admin('DELETE', '/faults/assign')).status).toBe(204);
    expect(
      (await api('POST', '/v3/orgs/org_fake/contacts/x/assign', { user_id: 'u' })).status,
    ).toBe(404);

    await admin('PUT', '/faults/magicLink', { drop: true });
    expect((await admin('DELETE', '/faults')).status).toBe(204);
    expect((await api('GET', '/v1/org/org_fake/user/u/magiclink')).status).toBe(404);
  });

  it.each([
    [404, 'an unknown endpoint', '/faults/deleteEverything', { status: 500 }],
    [400, 'a body that is not JSON', '/faults/assign', 'status=500'],
    [400, 'an unknown key', '/faults/assign', { statusCode: 500 }],
    [400, 'a success status', '/faults/assign', { status: 200 }],
    [400, 'a negative latency', '/faults/assign', { latencyMs: -1 }],
    [400, 'a fractional times', '/faults/assign', { timeout: true, times: 1.5 }],
    [400, 'a non-boolean drop', '/faults/assign', { drop: 'yes' }],
  ])('answers %i to a fault for %s', async (status, _, path, body) => {
    const response = await admin('PUT', path, body);
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: string }).error).toEqual(expect.any(String));
  });

  it("lists a user's chatrooms, newest first", async () => {
    const { userId } = server.fake.seedUser({
      email: 'ann@example.com',
      firstName: 'Ann',
      lastName: 'Lee',
    });
    const created = await api('POST', '/v2/org/org_fake/contact', contact);
    const { id } = (await created.json()) as { id: string };
    await api('POST', `/v3/orgs/org_fake/contacts/${id}/assign`, { user_id: userId });
    const rooms = await (await admin('GET', `/users/${userId}/chatrooms`)).json();
    expect(rooms).toEqual([
      expect.objectContaining({ contactId: id, name: 'C-1 Bo', assignee: userId }),
    ]);
  });

  it('resets users, contacts and the log', async () => {
    await admin('POST', '/users', { email: 'ann@example.com', firstName: 'Ann', lastName: 'Lee' });
    await api('POST', '/v2/org/org_fake/contact', contact);
    expect((await admin('POST', '/reset')).status).toBe(204);
    expect(server.fake.users.size).toBe(0);
    expect(server.fake.contacts.size).toBe(0);
    expect(server.fake.requests).toEqual([]);
  });

  it('answers 404 with a hint for an unknown admin route', async () => {
    const response = await admin('GET', '/nothing');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'No admin route at GET /__admin/nothing.' });
  });
});
