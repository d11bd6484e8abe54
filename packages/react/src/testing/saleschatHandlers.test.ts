import {
  CSRF_HEADER,
  CSRF_HEADER_VALUE,
  ERROR_STATUS,
  PROXY_ERROR_CODES,
  createSaleschatClient,
  isErrorBody,
} from '@saleschat-kit/core';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TEST_MAGIC_LINK, saleschatHandlers } from './saleschatHandlers';
import { SALESCHAT_SCENARIOS } from './scenarios';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const BASE = 'http://crm.test/api/saleschat';
const client = createSaleschatClient({ baseUrl: BASE });

/** A raw call, as the kit's client makes it, to see the exact status and body. */
async function call(route: '/login' | '/chat' | '/me', body?: unknown, headers = true) {
  const response = await fetch(BASE + route, {
    method: route === '/me' ? 'GET' : 'POST',
    headers: headers ? { [CSRF_HEADER]: CSRF_HEADER_VALUE, 'X-Request-Id': 'req-1' } : {},
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('saleschatHandlers', () => {
  it.each([
    ['success', 'created', 'assigned'],
    ['created', 'created', 'assigned'],
    ['existing', 'existing', 'assigned'],
    ['reassigned', 'existing', 'reassigned'],
    ['unchanged', 'existing', 'unchanged'],
  ] as const)(
    'answers %s with a contract-valid chat outcome',
    async (scenario, contact, assignment) => {
      server.use(
        ...saleschatHandlers(scenario, { baseUrl: `${BASE}/`, contactName: 'Grace Hopper' }),
      );
      await expect(client.openChat({ crmCustomerId: 'L-7' })).resolves.toEqual({
        contactId: 'contact-L-7',
        chatroomName: 'L-7 Grace Hopper',
        contact,
        assignment,
      });
      await expect(client.me()).resolves.toEqual({ crmUserId: 'crm-user-1', linked: true });
    },
  );

  it.each([
    ['group', { to: 'group', groupName: 'Sales' }],
    ['handover', { to: 'handover' }],
  ] as const)('answers %s with the route the host chose in assignedTo', async (scenario, to) => {
    server.use(...saleschatHandlers(scenario, { baseUrl: BASE }));
    await expect(client.openChat({ crmCustomerId: 'L-7' })).resolves.toEqual({
      contactId: 'contact-L-7',
      chatroomName: 'L-7 Ada Lovelace',
      contact: 'existing',
      assignment: 'assigned',
      assignedTo: to,
    });
  });

  it('answers /login with a magic link valid for 15 minutes by default', async () => {
    server.use(...saleschatHandlers('success', { baseUrl: BASE }));
    const { url, expiresAt } = await client.login();
    expect(url).toBe(TEST_MAGIC_LINK);
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(15 * 60_000);
  });

  it.each(PROXY_ERROR_CODES)(
    'answers %s with a valid ErrorBody on /login and /chat',
    async (code) => {
      server.use(...saleschatHandlers(code, { baseUrl: BASE }));
      for (const response of [
        await call('/login'),
        await call('/chat', { crmCustomerId: 'L-7' }),
      ]) {
        expect(response.status).toBe(ERROR_STATUS[code]);
        expect(isErrorBody(response.body)).toBe(true);
        expect(response.body.error).toMatchObject({ code, requestId: 'req-1' });
      }
      const { body } = await call('/login');
      const error = body.error as Record<string, unknown>;
      expect(error.saleschat).toEqual(
        code === 'SALESCHAT_ERROR' ? { code: 4090001, message: 'UQ_CONSTRAINT_FAILED' } : undefined,
      );
      expect(error.retryAfterMs).toBe(code === 'RATE_LIMITED' ? 7000 : undefined);
      expect(await call('/me')).toEqual({
        status: 200,
        body: { crmUserId: 'crm-user-1', linked: true },
      });
    },
  );

  it('answers notLinked with linked: false and USER_NOT_LINKED', async () => {
    server.use(...saleschatHandlers('notLinked', { baseUrl: BASE }));
    await expect(client.me()).resolves.toEqual({ crmUserId: 'crm-user-1', linked: false });
    await expect(client.login()).rejects.toMatchObject({ code: 'USER_NOT_LINKED', status: 409 });
  });

  it('keeps slow calls pending, or answers them after delayMs', async () => {
    server.use(...saleschatHandlers('slow', { baseUrl: BASE }));
    const controller = new AbortController();
    const never = client.me({ signal: controller.signal });
    const winner = await Promise.race([
      never,
      new Promise((r) => setTimeout(() => r('still pending'), 50)),
    ]);
    expect(winner).toBe('still pending');
    controller.abort();
    await expect(never).rejects.toMatchObject({ code: 'ABORTED' });

    server.use(...saleschatHandlers('slow', { baseUrl: BASE, delayMs: 30 }));
    const startedAt = Date.now();
    await expect(client.me()).resolves.toMatchObject({ linked: true });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(25);
  });

  it('refuses a call without the CSRF header, as the proxy does', async () => {
    server.use(...saleschatHandlers('success', { baseUrl: BASE }));
    const { status, body } = await call('/login', undefined, false);
    expect(status).toBe(403);
    expect(isErrorBody(body)).toBe(true);
    expect(body.error).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses a bad crmCustomerId with INVALID_INPUT', async () => {
    server.use(...saleschatHandlers('success', { baseUrl: BASE }));
    for (const crmCustomerId of ['', '   ', 'a\u0000b', 'x'.repeat(129), 42]) {
      const { status, body } = await call('/chat', { crmCustomerId });
      expect(status).toBe(400);
      expect(isErrorBody(body)).toBe(true);
      expect(body.error).toMatchObject({ code: 'INVALID_INPUT' });
    }
    expect((await call('/chat', 'not an object')).status).toBe(400);
  });
});

describe('SALESCHAT_SCENARIOS', () => {
  it('names every outcome, both routes, every proxy error code, slow and notLinked, once each', () => {
    expect(new Set(SALESCHAT_SCENARIOS).size).toBe(SALESCHAT_SCENARIOS.length);
    expect([...SALESCHAT_SCENARIOS].sort()).toEqual(
      [
        'success',
        'created',
        'existing',
        'reassigned',
        'unchanged',
        'group',
        'handover',
        'slow',
        'notLinked',
        ...PROXY_ERROR_CODES,
      ].sort(),
    );
  });
});
