import { CSRF_HEADER, SaleschatError, type ErrorBody } from '@saleschat-kit/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chatRequest, CRM_ORIGIN } from '../test/createTestWorld';
import { storeFactories } from '../test/testStores';
import { worldPerSuite } from '../test/worldPerSuite';
import { createSaleschatProxy, createSingleFlight } from './createSaleschatProxy';

describe.each(storeFactories)('createSaleschatProxy on $name', ({ create }) => {
  const suite = worldPerSuite(create);

  beforeAll(async () => {
    await suite.world.agent();
  });

  it('answers GET /me with the CRM user and whether it is linked', async () => {
    const agent = await suite.world.agent();
    expect(await suite.world.json('/me', { user: agent.crmUserId })).toEqual({
      status: 200,
      body: { crmUserId: agent.crmUserId, linked: true },
    });
    expect(await suite.world.json('/me', { user: 'crm-user-never-linked' })).toEqual({
      status: 200,
      body: { crmUserId: 'crm-user-never-linked', linked: false },
    });
  });

  it('answers POST /login with a magic link that opens the agent’s dashboard', async () => {
    const agent = await suite.world.agent();
    const { status, body } = await suite.world.json<{ url: string; expiresAt: string }>('/login', {
      user: agent.crmUserId,
    });
    expect(status).toBe(200);
    expect(body.url).toMatch(new RegExp(`^${suite.world.fakeUrl}/magic/`));
    expect(Date.parse(body.expiresAt)).toBeGreaterThan(suite.world.clock.now());
    const opened = await fetch(body.url, { redirect: 'manual' });
    expect(opened.status).toBe(302);
    const cookie = opened.headers.get('Set-Cookie')?.split(';')[0] ?? '';
    const dashboard = await fetch(new URL('/dashboard', suite.world.fakeUrl), {
      headers: { Cookie: cookie },
    });
    expect(await dashboard.text()).toContain(`Agent ${agent.crmUserId.replace('crm-user-', '')}`);
  });

  it('answers POST /chat by creating and assigning the lead’s contact', async () => {
    const agent = await suite.world.agent();
    const { crmCustomerId } = suite.world.lead({ firstName: 'Asha', lastName: 'Verma' });
    const { status, body } = await suite.world.json('/chat', {
      user: agent.crmUserId,
      body: { crmCustomerId },
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      contactId: expect.any(String),
      chatroomName: `${crmCustomerId} Asha Verma`,
      contact: 'created',
      assignment: 'assigned',
    });
    expect(suite.world.fake.chatroomsOf(agent.scUserId)[0]?.name).toBe(
      `${crmCustomerId} Asha Verma`,
    );
  });

  it('sets no-store, nosniff and the request id on every answer', async () => {
    const response = await suite.world.request('/me', { headers: { 'X-Request-Id': 'abc-123' } });
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(response.headers.get('X-Request-Id')).toBe('abc-123');
    expect(response.headers.get('Content-Type')).toMatch(/^application\/json/);
  });

  it('echoes a sane client request id in errors and replaces an unsafe one', async () => {
    const sane = await suite.world.json<ErrorBody>('/nope', {
      headers: { 'X-Request-Id': 'req_42.a:b' },
    });
    expect(sane.body.error.requestId).toBe('req_42.a:b');
    const unsafe = await suite.world.json<ErrorBody>('/nope', {
      headers: { 'X-Request-Id': 'x'.repeat(65) },
    });
    expect(unsafe.body.error.requestId).toMatch(/^[0-9a-f]{24}$/);
    const injected = await suite.world.json<ErrorBody>('/nope', {
      headers: { 'X-Request-Id': 'a b<script>' },
    });
    expect(injected.body.error.requestId).toMatch(/^[0-9a-f]{24}$/);
  });

  describe('error codes', () => {
    it('answers UNAUTHENTICATED 401 without a session', async () => {
      const { status, body } = await suite.world.json<ErrorBody>('/login', { user: null });
      expect(status).toBe(401);
      expect(body.error).toMatchObject({ code: 'UNAUTHENTICATED', requestId: expect.any(String) });
    });

    it('answers USER_NOT_LINKED 409 to Login and Chat of a CRM user without a Saleschat user', async () => {
      const login = await suite.world.json<ErrorBody>('/login', { user: 'crm-user-unlinked' });
      expect(login.status).toBe(409);
      expect(login.body.error.code).toBe('USER_NOT_LINKED');
      const { crmCustomerId } = suite.world.lead();
      const chat = await suite.world.json<ErrorBody>('/chat', {
        user: 'crm-user-unlinked',
        body: { crmCustomerId },
      });
      expect(chat.status).toBe(409);
      expect(chat.body.error.code).toBe('USER_NOT_LINKED');
    });

    it('answers LEAD_NOT_FOUND 404 when resolveLead returns null', async () => {
      suite.world.fake.clearRequests();
      const { status, body } = await suite.world.json<ErrorBody>('/chat', {
        body: { crmCustomerId: 'lead-nobody-knows' },
      });
      expect(status).toBe(404);
      expect(body.error.code).toBe('LEAD_NOT_FOUND');
      expect(suite.world.fake.countRequests('createContact')).toBe(0);
    });

    it('answers FORBIDDEN 403 when resolveLead denies the user, and calls Saleschat not at all', async () => {
      suite.world.fake.clearRequests();
      suite.world.leads.set('lead-secret', { denied: true });
      const { status, body } = await suite.world.json<ErrorBody>('/chat', {
        body: { crmCustomerId: 'lead-secret' },
      });
      expect(status).toBe(403);
      expect(body.error.code).toBe('FORBIDDEN');
      expect(suite.world.fake.countRequests()).toBe(0);
    });

    it('answers with the code of a SaleschatError that resolveLead throws', async () => {
      const proxy = suite.world.newProxy({
        resolveLead: () => {
          throw new SaleschatError({
            code: 'FORBIDDEN',
            message: 'Only the lead’s owner may chat.',
          });
        },
      });
      const agent = await suite.world.agent();
      const response = await proxy.fetch(chatRequest(agent.crmUserId, 'lead-1'));
      expect(response.status).toBe(403);
      expect(((await response.json()) as ErrorBody).error).toMatchObject({
        code: 'FORBIDDEN',
        message: 'Only the lead’s owner may chat.',
      });
    });

    it('answers INTERNAL 500 without details when a host callback throws anything else', async () => {
      const proxy = suite.world.newProxy({
        resolveLead: () => {
          throw new Error('connection to crm_db refused at 10.0.0.7');
        },
      });
      const agent = await suite.world.agent();
      const response = await proxy.fetch(chatRequest(agent.crmUserId, 'lead-1'));
      expect(response.status).toBe(500);
      const body = (await response.json()) as ErrorBody;
      expect(body.error.code).toBe('INTERNAL');
      expect(body.error.message).not.toContain('10.0.0.7');
      expect(body.error.message).toContain(body.error.requestId);
      // The operator finds the cause in the log under the request id.
      const line = suite.world.logs.find((each) => each.includes(body.error.requestId));
      expect(line).toContain('10.0.0.7');
    });

    it('answers INTERNAL 500 when authenticate returns something that is not a user', async () => {
      const proxy = suite.world.newProxy({ authenticate: () => ({ crmUserId: 42 }) as never });
      const response = await proxy.fetch(new Request(`${CRM_ORIGIN}/api/saleschat/me`));
      expect(response.status).toBe(500);
      const line = suite.world.logs.find((each) =>
        each.includes(response.headers.get('X-Request-Id') ?? '-'),
      );
      expect(line).toContain('authenticate() must return { crmUserId }');
    });

    const authenticateAnswers: [string, () => unknown, number, string][] = [
      ['a synchronous user', () => ({ crmUserId: 'agent-sync' }), 200, 'ok'],
      ['a promised user', async () => ({ crmUserId: 'agent-async' }), 200, 'ok'],
      [
        'a thenable user',
        () => ({
          then: (resolve: (user: unknown) => void) => resolve({ crmUserId: 'agent-then' }),
        }),
        200,
        'ok',
      ],
      ['null', () => null, 401, 'UNAUTHENTICATED'],
      ['a promised null', async () => null, 401, 'UNAUTHENTICATED'],
      [
        "the kit's own error, thrown",
        () => {
          throw new SaleschatError({ code: 'FORBIDDEN', message: 'Suspended.' });
        },
        403,
        'FORBIDDEN',
      ],
      [
        "the kit's own error, rejected",
        async () => {
          throw new SaleschatError({ code: 'FORBIDDEN', message: 'Suspended.' });
        },
        403,
        'FORBIDDEN',
      ],
      [
        'another error, thrown',
        () => {
          throw new Error('session store down');
        },
        500,
        'INTERNAL',
      ],
      [
        'another error, rejected',
        async () => {
          throw new Error('session store down');
        },
        500,
        'INTERNAL',
      ],
    ];
    it.each(authenticateAnswers)(
      'answers an authenticate returning %s with %i',
      async (_, authenticate, status, code) => {
        const proxy = suite.world.newProxy({ authenticate: authenticate as never });
        const response = await proxy.fetch(new Request(`${CRM_ORIGIN}/api/saleschat/me`));
        expect(response.status).toBe(status);
        const body = (await response.json()) as ErrorBody & { crmUserId?: string };
        expect(body.error?.code ?? 'ok').toBe(code);
        if (status === 200) expect(body.crmUserId).toMatch(/^agent-/);
        if (status === 500) {
          const line = suite.world.logs.find((each) =>
            each.includes(response.headers.get('X-Request-Id') ?? '-'),
          );
          expect(line).toContain('authenticate() threw');
        }
      },
    );

    it('answers INVALID_INPUT 400 for a crmCustomerId the contract refuses', async () => {
      const refused = ['', '   ', 'x'.repeat(129), '😀'.repeat(65), 'a\u0000b', 42, null];
      for (const crmCustomerId of refused) {
        const { status, body } = await suite.world.json<ErrorBody>('/chat', {
          body: { crmCustomerId },
        });
        expect(status).toBe(400);
        expect(body.error).toMatchObject({
          code: 'INVALID_INPUT',
          message:
            'crmCustomerId must be 1–128 characters (UTF-16 code units: an emoji counts 2), not blank, no control characters',
        });
      }
    });

    it('answers INVALID_INPUT 400 for a body that is not a JSON object', async () => {
      for (const body of ['{', '[]', 'null', '"lead-1"', '']) {
        const response = await suite.world.json<ErrorBody>('/chat', { body });
        expect(response.status).toBe(400);
        expect(response.body.error.code).toBe('INVALID_INPUT');
      }
    });

    it('answers INVALID_INPUT 400 when the lead has no usable phone number', async () => {
      const { crmCustomerId } = suite.world.lead({ phone: '12345' });
      const { status, body } = await suite.world.json<ErrorBody>('/chat', {
        body: { crmCustomerId },
      });
      expect(status).toBe(400);
      expect(body.error.code).toBe('INVALID_INPUT');
      expect(body.error.message).toContain('international format');
      expect(body.error.message).not.toContain('12345');
    });
  });

  describe('edge checks', () => {
    it('answers 404 in the error shape for an unknown route, and 405 with Allow for a wrong method', async () => {
      const unknown = await suite.world.json<ErrorBody>('/logout');
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe('INVALID_INPUT');
      expect(unknown.body.error.message).toContain('POST /api/saleschat/login');

      const outside = await suite.world.proxy.fetch(new Request(`${CRM_ORIGIN}/elsewhere`));
      expect(outside.status).toBe(404);

      const wrong = await suite.world.request('/login', { method: 'GET' });
      expect(wrong.status).toBe(405);
      expect(wrong.headers.get('Allow')).toBe('POST');
      expect(((await wrong.json()) as ErrorBody).error.code).toBe('INVALID_INPUT');
    });

    it('refuses a cookie-authenticated request without the CSRF header', async () => {
      const response = await suite.world.proxy.fetch(
        new Request(`${CRM_ORIGIN}/api/saleschat/login`, {
          method: 'POST',
          headers: { Cookie: `session=anyone` },
        }),
      );
      expect(response.status).toBe(403);
      const body = (await response.json()) as ErrorBody;
      expect(body.error.code).toBe('FORBIDDEN');
      expect(body.error.message).toContain(CSRF_HEADER);
    });

    it('refuses a request from a foreign Origin and accepts a listed one with CORS headers', async () => {
      const foreign = await suite.world.json<ErrorBody>('/me', {
        headers: { Origin: 'https://evil.example' },
      });
      expect(foreign.status).toBe(403);
      expect(foreign.body.error.code).toBe('FORBIDDEN');

      const proxy = suite.world.newProxy({ allowedOrigins: ['https://crm.example'] });
      const listed = await proxy.fetch(
        new Request(`${CRM_ORIGIN}/api/saleschat/me`, {
          headers: { Origin: 'https://crm.example', Cookie: 'session=someone', [CSRF_HEADER]: '1' },
        }),
      );
      expect(listed.status).toBe(200);
      expect(listed.headers.get('Access-Control-Allow-Origin')).toBe('https://crm.example');
      expect(listed.headers.get('Access-Control-Allow-Credentials')).toBe('true');

      const preflight = await proxy.fetch(
        new Request(`${CRM_ORIGIN}/api/saleschat/chat`, {
          method: 'OPTIONS',
          headers: { Origin: 'https://crm.example', 'Access-Control-Request-Method': 'POST' },
        }),
      );
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('Access-Control-Allow-Headers')).toContain(CSRF_HEADER);

      const foreignPreflight = await proxy.fetch(
        new Request(`${CRM_ORIGIN}/api/saleschat/chat`, {
          method: 'OPTIONS',
          headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
        }),
      );
      expect(foreignPreflight.status).toBe(403);
    });

    it('accepts its own host over either scheme, and requests without cookies without the CSRF header', async () => {
      const proxy = suite.world.newProxy({
        authenticate: (request) =>
          request.headers.get('Authorization') === 'Bearer crm-api-key'
            ? { crmUserId: 'api' }
            : null,
      });
      const response = await proxy.fetch(
        new Request(`${CRM_ORIGIN}/api/saleschat/me`, {
          headers: { Authorization: 'Bearer crm-api-key', Origin: 'https://crm.test' },
        }),
      );
      expect(response.status).toBe(200);
    });

    it('refuses POST /chat without a JSON content type (415) and over the size limit (413)', async () => {
      const plain = await suite.world.request('/chat', {
        body: '{"crmCustomerId":"x"}',
        headers: { 'Content-Type': 'text/plain' },
      });
      expect(plain.status).toBe(415);
      expect(((await plain.json()) as ErrorBody).error.code).toBe('INVALID_INPUT');

      const large = await suite.world.request('/chat', {
        body: JSON.stringify({ crmCustomerId: 'x', padding: 'p'.repeat(5000) }),
      });
      expect(large.status).toBe(413);
      expect(((await large.json()) as ErrorBody).error.code).toBe('INVALID_INPUT');
    });

    it('stops reading an endless body at the limit', async () => {
      let pulled = 0;
      const endless = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled += 1024;
          controller.enqueue(new Uint8Array(1024).fill(32));
        },
      });
      const response = await suite.world.proxy.fetch(
        new Request(`${CRM_ORIGIN}/api/saleschat/chat`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Cookie: 'session=x', [CSRF_HEADER]: '1' },
          body: endless,
          duplex: 'half',
        } as RequestInit),
      );
      expect(response.status).toBe(413);
      expect(pulled).toBeLessThan(16 * 1024);
    });
  });

  it('refuses to start without the options it cannot guess, saying how to fix them', () => {
    expect(() =>
      createSaleschatProxy({
        saleschat: { token: '', orgId: 'org' },
        authenticate: () => null,
        resolveLead: () => null,
      }),
    ).toThrow(/saleschat\.token is required/);
    expect(() =>
      createSaleschatProxy({
        saleschat: { token: 't', orgId: 'org' },
        authenticate: undefined as never,
        resolveLead: () => null,
      }),
    ).toThrow(/authenticate is required/);
  });
});

describe('createSingleFlight', () => {
  it('shares one call among concurrent callers of a key, and starts a new one afterwards', async () => {
    const flights = createSingleFlight();
    let calls = 0;
    const task = async () => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return calls;
    };
    expect(
      await Promise.all([flights.run('k', task), flights.run('k', task), flights.run('j', task)]),
    ).toEqual([2, 2, 2]);
    expect(calls).toBe(2);
    await flights.run('k', task);
    expect(calls).toBe(3);
  });

  it('shares a failure too, including one thrown synchronously', async () => {
    const flights = createSingleFlight();
    const task = () => {
      throw new Error('down');
    };
    const results = await Promise.allSettled([flights.run('k', task), flights.run('k', task)]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
  });
});
