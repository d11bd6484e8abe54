import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeSaleschatServer } from './startFakeSaleschatServer';

const ORG = 'org_fake';
const server = await startFakeSaleschatServer({ limits: { perEndpointPerSecond: 10_000 } });
afterAll(() => server.close());
beforeEach(() => server.fake.reset());

const contact = { crm_id: 'C-1', opt_in_date: '2026-01-02T03:04:05Z' };
function createContact(body: unknown = contact, signal?: AbortSignal) {
  return fetch(`${server.url}/v2/org/${ORG}/contact`, {
    method: 'POST',
    headers: { authorization: 'Bearer fake-saleschat-token', 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
}

describe('faults', () => {
  it('delays the answer by latencyMs, then answers normally', async () => {
    server.fake.setFault('createContact', { latencyMs: 150 });
    const started = performance.now();
    const response = await createContact();
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(response.status).toBe(200);
    expect(server.fake.contacts.size).toBe(1);
  });

  it('answers an injected status with a Saleschat error body and changes nothing', async () => {
    server.fake.setFault('createContact', { status: 503 });
    const response = await createContact();
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      error_code: 5030001,
      error_message: 'UPSTREAM_ERROR',
      error_description: 'Injected fault.',
      payload: {},
    });
    expect(server.fake.contacts.size).toBe(0);
    expect(server.fake.requests.map((entry) => entry.status)).toEqual([503]);
  });

  it('uses the known code for an injected 500', async () => {
    server.fake.setFault('createContact', { status: 500 });
    const response = await createContact();
    expect(await response.json()).toMatchObject({
      error_code: 5000001,
      error_message: 'INTERNAL_ERROR',
    });
  });

  it('never answers a request under a timeout fault, and logs it with status 0', async () => {
    server.fake.setFault('createContact', { timeout: true });
    const outcome = await createContact(contact, AbortSignal.timeout(200)).then(
      (response) => `answered ${response.status}`,
      (error: Error) => error.name,
    );
    expect(outcome).toBe('TimeoutError');
    expect(server.fake.requests).toMatchObject([
      { endpoint: 'createContact', status: 0, body: contact },
    ]);
    expect(server.fake.contacts.size).toBe(0);
  });

  it('destroys the connection under a drop fault, without any response', async () => {
    server.fake.setFault('createContact', { drop: true });
    const error = await createContact().then(
      () => null,
      (caught: Error) => caught,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(String((error?.cause as { code?: string } | undefined)?.code)).toMatch(
      /SOCKET|ECONNRESET/,
    );
    expect(server.fake.requests).toMatchObject([{ endpoint: 'createContact', status: 0 }]);
    expect(server.fake.contacts.size).toBe(0);
  });

  it('answers 200 with a body that is not JSON under malformedJson, after doing the work', async () => {
    server.fake.setFault('createContact', { malformedJson: true });
    const response = await createContact();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const text = await response.text();
    expect(() => JSON.parse(text) as unknown).toThrow(SyntaxError);
    expect(server.fake.contacts.size).toBe(1);
  });

  it('creates a user outside the org under notAddedToOrg: 200 with its id, then 404 for org calls and 409 for its email', async () => {
    server.fake.setFault('createUser', { notAddedToOrg: true, times: 1 });
    const createUser = () =>
      fetch(`${server.url}/v1/org/${ORG}/user`, {
        method: 'POST',
        headers: { authorization: 'Bearer fake-saleschat-token' },
        body: JSON.stringify({
          email: 'ann@example.com',
          password: 'password',
          first_name: 'Ann',
          last_name: 'Lee',
        }),
      });

    const created = await createUser();
    expect(created.status).toBe(200);
    const { user_id: userId } = (await created.json()) as { user_id: string };
    expect(server.fake.users.size).toBe(0);
    expect(server.fake.usersOutsideOrg.get(userId)).toMatchObject({ email: 'ann@example.com' });

    const link = await fetch(`${server.url}/v1/org/${ORG}/user/${userId}/magiclink`, {
      headers: { authorization: 'Bearer fake-saleschat-token' },
    });
    expect(link.status).toBe(404);
    const again = await createUser();
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error_code: 4090001 });

    server.fake.reset();
    expect(server.fake.usersOutsideOrg.size).toBe(0);
  });

  it('refuses notAddedToOrg on any endpoint but createUser', () => {
    expect(() => server.fake.setFault('createContact', { notAddedToOrg: true })).toThrow(
      /notAddedToOrg applies to createUser only/,
    );
  });

  it('applies a fault with times to the next N requests only, then clears itself', async () => {
    server.fake.setFault('createContact', { status: 502, times: 2 });
    const statuses = [];
    for (const crmId of ['a', 'b', 'c']) {
      statuses.push((await createContact({ ...contact, crm_id: crmId })).status);
    }
    expect(statuses).toEqual([502, 502, 200]);
  });

  it('applies a fault only to its endpoint', async () => {
    server.fake.setFault('assign', { status: 500 });
    expect((await createContact()).status).toBe(200);
  });

  it('clears one fault with setFault(null) and all with clearFaults()', async () => {
    server.fake.setFault('createContact', { status: 500 });
    server.fake.setFault('createContact', null);
    expect((await createContact({ ...contact, crm_id: 'a' })).status).toBe(200);
    server.fake.setFault('createContact', { status: 500 });
    server.fake.clearFaults();
    expect((await createContact({ ...contact, crm_id: 'b' })).status).toBe(200);
  });

  it('refuses an invalid fault with a TypeError that names the problem', () => {
    expect(() => server.fake.setFault('createContact', { status: 200 })).toThrow(
      /setFault\('createContact'\): status must be an HTTP error status/,
    );
    expect(() => server.fake.setFault('assign', { times: 0 })).toThrow(TypeError);
  });

  it('starts with the faults given as options, and reset() brings them back', async () => {
    const other = await startFakeSaleschatServer({ faults: { createUser: { status: 504 } } });
    try {
      const createUser = () =>
        fetch(`${other.url}/v1/org/org_fake/user`, {
          method: 'POST',
          headers: { authorization: 'Bearer fake-saleschat-token' },
          body: JSON.stringify({
            email: 'a@b.co',
            password: 'password',
            first_name: 'A',
            last_name: 'B',
          }),
        });
      expect((await createUser()).status).toBe(504);
      other.fake.clearFaults();
      expect((await createUser()).status).toBe(200);
      other.fake.reset();
      expect((await createUser()).status).toBe(504);
    } finally {
      await other.close();
    }
  });
});
