import { http, HttpResponse, delay, type DefaultBodyType, type StrictRequest } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PROXY_ERROR_CODES, ERROR_STATUS, type ErrorBody, type ProxyErrorCode } from './contract';
import { createSaleschatClient } from './createSaleschatClient';
import type { SaleschatEvent } from './events';
import { SaleschatError } from './saleschatError';

const BASE = 'http://crm.test/api/saleschat';
const server = setupServer();
const received: StrictRequest<DefaultBodyType>[] = [];

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  received.length = 0;
});
afterAll(() => server.close());

server.events.on('request:start', ({ request }) => received.push(request.clone()));

const client = (options: { timeoutMs?: number; headers?: HeadersInit } = {}) =>
  createSaleschatClient({ baseUrl: `${BASE}/`, ...options });

function errorBody(code: ProxyErrorCode, extra: Partial<ErrorBody['error']> = {}): ErrorBody {
  return { error: { code, message: `proxy says ${code}`, requestId: 'proxy-req-1', ...extra } };
}

/** Runs a call that must fail and returns its error. */
async function failure(promise: Promise<unknown>): Promise<SaleschatError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SaleschatError);
  return error as SaleschatError;
}

describe('createSaleschatClient — success paths', () => {
  it('logs in with a POST that carries cookies, the CSRF header and a request id', async () => {
    server.use(
      http.post(`${BASE}/login`, () =>
        HttpResponse.json({ url: 'https://sc.test/magic/1', expiresAt: '2030-01-01T00:00:00Z' }),
      ),
    );
    await expect(client({ headers: { 'X-Tenant': 'acme' } }).login()).resolves.toEqual({
      url: 'https://sc.test/magic/1',
      expiresAt: '2030-01-01T00:00:00Z',
    });
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request?.method).toBe('POST');
    expect(request?.credentials).toBe('include');
    expect(request?.headers.get('X-Saleschat-Kit')).toBe('1');
    expect(request?.headers.get('X-Request-Id')).toMatch(/^[0-9a-z]{3,21}$/);
    expect(request?.headers.get('X-Tenant')).toBe('acme');
  });

  it('opens a chat by sending only the customer id as JSON', async () => {
    const answer = {
      contactId: 'c-1',
      chatroomName: 'lead-1 Ada Lovelace',
      contact: 'created',
      assignment: 'assigned',
    };
    server.use(http.post(`${BASE}/chat`, () => HttpResponse.json(answer)));
    await expect(client().openChat({ crmCustomerId: 'lead-1' })).resolves.toEqual(answer);
    expect(received[0]?.headers.get('Content-Type')).toBe('application/json');
    expect(await received[0]?.json()).toEqual({ crmCustomerId: 'lead-1' });
  });

  it('reads the CRM user with a GET', async () => {
    server.use(http.get(`${BASE}/me`, () => HttpResponse.json({ crmUserId: 'u1', linked: false })));
    await expect(client().me()).resolves.toEqual({ crmUserId: 'u1', linked: false });
    expect(received[0]?.method).toBe('GET');
  });

  it('sends a new request id with every call', async () => {
    server.use(http.get(`${BASE}/me`, () => HttpResponse.json({ crmUserId: 'u1', linked: true })));
    const c = client();
    await c.me();
    await c.me();
    const ids = received.map((request) => request.headers.get('X-Request-Id'));
    expect(new Set(ids).size).toBe(2);
  });
});

describe('createSaleschatClient — contract errors', () => {
  it.each(PROXY_ERROR_CODES)('turns a %s error body into a SaleschatError', async (code) => {
    const extra =
      code === 'SALESCHAT_ERROR'
        ? { saleschat: { code: 4090001, message: 'UQ_CONSTRAINT_FAILED' } }
        : code === 'RATE_LIMITED'
          ? { retryAfterMs: 7000 }
          : {};
    server.use(
      http.post(`${BASE}/chat`, () =>
        HttpResponse.json(errorBody(code, extra), { status: ERROR_STATUS[code] }),
      ),
    );
    const error = await failure(client().openChat({ crmCustomerId: 'lead-1' }));
    expect(error.code).toBe(code);
    expect(error.status).toBe(ERROR_STATUS[code]);
    expect(error.message).toBe(`proxy says ${code}`);
    expect(error.requestId).toBe('proxy-req-1');
    expect(error.saleschat).toEqual(extra.saleschat);
    expect(error.retryAfterMs).toBe(extra.retryAfterMs);
  });

  it('keeps the real status of SALESCHAT_UNAVAILABLE (504 on an upstream timeout)', async () => {
    server.use(
      http.post(`${BASE}/chat`, () =>
        HttpResponse.json(errorBody('SALESCHAT_UNAVAILABLE'), { status: 504 }),
      ),
    );
    const error = await failure(client().openChat({ crmCustomerId: 'lead-1' }));
    expect([error.code, error.status]).toEqual(['SALESCHAT_UNAVAILABLE', 504]);
  });
});

describe('createSaleschatClient — transport failures', () => {
  it('fails with TIMEOUT when the proxy does not answer in time', async () => {
    server.use(
      http.post(`${BASE}/chat`, async () => {
        await delay(1_000);
        return HttpResponse.json({});
      }),
    );
    const error = await failure(client({ timeoutMs: 50 }).openChat({ crmCustomerId: 'lead-1' }));
    expect(error.code).toBe('TIMEOUT');
    expect(error.status).toBe(0);
  });

  it('fails with ABORTED when the caller aborts, and sends nothing when already aborted', async () => {
    server.use(
      http.post(`${BASE}/chat`, async () => {
        await delay(1_000);
        return HttpResponse.json({});
      }),
    );
    const controller = new AbortController();
    const pending = client().openChat({ crmCustomerId: 'lead-1' }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    expect((await failure(pending)).code).toBe('ABORTED');

    received.length = 0;
    const error = await failure(
      client().openChat({ crmCustomerId: 'lead-1' }, { signal: AbortSignal.abort() }),
    );
    expect(error.code).toBe('ABORTED');
    expect(received).toHaveLength(0);
  });

  it('fails with NETWORK when the request cannot be made', async () => {
    server.use(http.post(`${BASE}/chat`, () => HttpResponse.error()));
    const error = await failure(client().openChat({ crmCustomerId: 'lead-1' }));
    expect(error.code).toBe('NETWORK');
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('says what it received when a success body is not JSON', async () => {
    server.use(
      http.post(`${BASE}/login`, () => HttpResponse.html('<!doctype html><p>Please sign in</p>')),
    );
    const error = await failure(client().login());
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toContain('200');
    expect(error.message).toContain('text/html');
    expect(error.message).toContain('<!doctype html><p>Please sign in');
  });

  it('rejects a JSON success body of the wrong shape', async () => {
    server.use(
      http.post(`${BASE}/chat`, () => HttpResponse.json({ contactId: 'c', contact: 'maybe' })),
    );
    const error = await failure(client().openChat({ crmCustomerId: 'lead-1' }));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toContain('contactId');
    expect(error.message).toContain('maybe');
  });

  it('maps a foreign error page by its status and says what it was', async () => {
    server.use(
      http.post(`${BASE}/login`, () => new HttpResponse('Bad gateway', { status: 502 })),
      http.post(`${BASE}/chat`, () => new HttpResponse('Not Found', { status: 404 })),
      http.get(`${BASE}/me`, () => new HttpResponse('', { status: 401 })),
    );
    const c = client();
    expect((await failure(c.login())).code).toBe('SALESCHAT_UNAVAILABLE');
    const notFound = await failure(c.openChat({ crmCustomerId: 'lead-1' }));
    expect([notFound.code, notFound.status]).toEqual(['INTERNAL', 404]);
    expect(notFound.message).toContain('Not Found');
    expect((await failure(c.me())).code).toBe('UNAUTHENTICATED');
  });
});

describe('createSaleschatClient — input validation', () => {
  it.each([[''], ['   '], ['x'.repeat(129)], ['line\nbreak'], [42 as unknown as string]])(
    'throws INVALID_INPUT for %j without sending a request',
    async (crmCustomerId) => {
      const error = await failure(client().openChat({ crmCustomerId }));
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.message).toMatch(/1–128 characters/);
      expect(received).toHaveLength(0);
    },
  );
});

describe('createSaleschatClient — retries', () => {
  it('retries /login once after a 503 and succeeds', async () => {
    let calls = 0;
    server.use(
      http.post(`${BASE}/login`, () =>
        ++calls === 1
          ? HttpResponse.json(errorBody('SALESCHAT_UNAVAILABLE'), { status: 503 })
          : HttpResponse.json({ url: 'https://sc.test/m', expiresAt: '2030-01-01T00:00:00Z' }),
      ),
    );
    await expect(client().login()).resolves.toMatchObject({ url: 'https://sc.test/m' });
    expect(received).toHaveLength(2);
    // One call, one id: the retry is correlated with the first attempt.
    expect(received[1]?.headers.get('X-Request-Id')).toBe(received[0]?.headers.get('X-Request-Id'));
  });

  it('retries /me once after a network failure, then gives up', async () => {
    server.use(http.get(`${BASE}/me`, () => HttpResponse.error()));
    expect((await failure(client().me())).code).toBe('NETWORK');
    expect(received).toHaveLength(2);
  });

  it('never retries /chat', async () => {
    server.use(
      http.post(`${BASE}/chat`, () =>
        HttpResponse.json(errorBody('SALESCHAT_UNAVAILABLE'), { status: 503 }),
      ),
    );
    expect((await failure(client().openChat({ crmCustomerId: 'lead-1' }))).code).toBe(
      'SALESCHAT_UNAVAILABLE',
    );
    expect(received).toHaveLength(1);
  });

  it('does not retry errors a retry cannot cure', async () => {
    server.use(
      http.post(`${BASE}/login`, () =>
        HttpResponse.json(errorBody('USER_NOT_LINKED'), { status: 409 }),
      ),
    );
    expect((await failure(client().login())).code).toBe('USER_NOT_LINKED');
    expect(received).toHaveLength(1);
  });
});

describe('createSaleschatClient — events', () => {
  it('reports start and success, then start and error, without personal data', async () => {
    server.use(
      http.post(`${BASE}/chat`, () =>
        HttpResponse.json(errorBody('LEAD_NOT_FOUND'), { status: 404 }),
      ),
      http.get(`${BASE}/me`, () => HttpResponse.json({ crmUserId: 'u1', linked: true })),
    );
    const c = client();
    const events: SaleschatEvent[] = [];
    const unsubscribe = c.subscribe((event) => events.push(event));
    c.subscribe(() => {
      throw new Error('a broken analytics listener');
    });
    await c.me();
    await failure(c.openChat({ crmCustomerId: 'secret-lead-77' }));
    unsubscribe();
    await c.me();

    expect(events.map((event) => [event.operation, event.type])).toEqual([
      ['me', 'start'],
      ['me', 'success'],
      ['chat', 'start'],
      ['chat', 'error'],
    ]);
    expect(events[3]?.error?.code).toBe('LEAD_NOT_FOUND');
    expect(events[0]?.requestId).toBe(events[1]?.requestId);
    expect(events[0]?.requestId).toBe(received[0]?.headers.get('X-Request-Id'));
    expect(events.every((event) => event.durationMs >= 0)).toBe(true);
    expect(JSON.stringify(events)).not.toContain('secret-lead-77');
  });
});
