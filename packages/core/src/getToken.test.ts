import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSaleschatClient } from './createSaleschatClient';

const BASE = 'http://crm.test/api/saleschat';
const server = setupServer();
const authorizations: (string | null)[] = [];

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  authorizations.length = 0;
  vi.useRealTimers();
});
afterAll(() => server.close());

/** A JWT-shaped token whose payload holds `exp` (the client reads only that). */
function jwt(expSeconds: number, id: string): string {
  const payload = Buffer.from(JSON.stringify({ sub: 'u1', exp: expSeconds })).toString('base64url');
  return `eyJhbGciOiJIUzI1NiJ9.${payload}.${id}`;
}

function answerMe() {
  server.use(
    http.get(`${BASE}/me`, ({ request }) => {
      authorizations.push(request.headers.get('Authorization'));
      return HttpResponse.json({ crmUserId: 'u1', linked: true });
    }),
  );
}

describe('createSaleschatClient getToken', () => {
  it('sends the token as a bearer, reuses it, and fetches a new one 30 s before its exp', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: 1_000_000_000_000 });
    answerMe();
    let issued = 0;
    const getToken = vi.fn(async () => jwt(Date.now() / 1000 + 120, `t${++issued}`));
    const client = createSaleschatClient({ baseUrl: BASE, getToken });
    await Promise.all([client.me(), client.me()]);
    await client.me();
    vi.setSystemTime(Date.now() + 89_000);
    await client.me();
    vi.setSystemTime(Date.now() + 2_000);
    await client.me();
    expect(authorizations.map((header) => header?.split('.').at(-1))).toEqual([
      't1',
      't1',
      't1',
      't1',
      't2',
    ]);
    expect(getToken).toHaveBeenCalledTimes(2);
  });

  it('fetches a token without a readable exp for every call, and tries again after a failed fetch', async () => {
    answerMe();
    let calls = 0;
    const client = createSaleschatClient({
      baseUrl: BASE,
      getToken: () => {
        calls++;
        if (calls === 1) throw new Error('host down');
        return 'opaque-token';
      },
    });
    await client.me();
    await client.me();
    expect(authorizations).toEqual(['Bearer opaque-token', 'Bearer opaque-token']);
    expect(calls).toBe(3);
  });
});
