import { SaleschatError } from '@saleschat-kit/core';
import { startFakeSaleschatServer, type FakeSaleschatServer } from '@saleschat-kit/fake-saleschat';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createProxyLog } from './createProxyLog';
import { createRateLimiter } from './createRateLimiter';
import { createSaleschatApi, type SaleschatApi } from './createSaleschatApi';

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
    magicLinkTtlMs: 60_000,
    assignIntervalMs: 10_000,
    fetch: (input, init) => fetch(input, init),
    now: Date.now,
    log: createProxyLog({ info: write, warn: write, error: write }, token),
    limiter: createRateLimiter({ limit: 100, windowMs: 1000, maxQueueMs: 5000, now: Date.now }),
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
