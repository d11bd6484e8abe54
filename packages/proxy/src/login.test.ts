import type { ErrorBody, LoginResponse } from '@saleschat-kit/core';
import { startFakeSaleschatServer } from '@saleschat-kit/fake-saleschat';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestWorld, ORG_ID, TOKEN, type TestWorld } from '../test/createTestWorld';
import { storeFactories, type TestStore } from '../test/testStores';
import { LINK_REUSE_MARGIN_MS } from './login';

describe.each(storeFactories)('POST /login on $name', ({ name, create }) => {
  let store: TestStore;
  let world: TestWorld;

  beforeAll(async () => {
    store = await create();
    world = await createTestWorld(store, { fake: { magicLinkTtlMs: 15 * 60_000 } });
  });

  afterAll(async () => {
    await world?.close();
    store?.remove();
  });

  beforeEach(() => {
    world.fake.clearFaults();
    world.fake.clearRequests();
  });

  it('reuses the stored magic link without calling Saleschat until a minute before it expires', async () => {
    const agent = await world.agent();
    const first = await world.json<LoginResponse>('/login', { user: agent.crmUserId });
    expect(first.status).toBe(200);
    expect(world.fake.countRequests('magicLink')).toBe(1);

    world.clock.advance(10 * 60_000);
    const cached = await world.json<LoginResponse>('/login', { user: agent.crmUserId });
    expect(cached.body).toEqual(first.body);
    expect(world.fake.countRequests('magicLink')).toBe(1);

    // Now less than the safety margin is left: a new link is fetched and stored.
    world.clock.advance(5 * 60_000 - LINK_REUSE_MARGIN_MS + 1000);
    const renewed = await world.json<LoginResponse>('/login', { user: agent.crmUserId });
    expect(renewed.body.url).not.toBe(first.body.url);
    expect(world.fake.countRequests('magicLink')).toBe(2);
    const stored = await world.proxy.store.getUser(agent.crmUserId);
    expect(stored?.magicLink).toBe(renewed.body.url);
    expect(stored?.magicLinkExpiresAt?.toISOString()).toBe(renewed.body.expiresAt);
  });

  it('makes one Saleschat call for many concurrent logins of one user', async () => {
    const agent = await world.agent();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        world.json<LoginResponse>('/login', { user: agent.crmUserId }),
      ),
    );
    expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([200]));
    expect(new Set(answers.map((answer) => answer.body.url)).size).toBe(1);
    expect(world.fake.countRequests('magicLink')).toBe(1);
  });

  it('forgets the cached link when the CRM user is linked to another Saleschat user', async () => {
    const agent = await world.agent();
    const other = await world.agent();
    const before = await world.json<LoginResponse>('/login', { user: agent.crmUserId });
    await world.proxy.store.linkUser(agent.crmUserId, other.scUserId);
    const after = await world.json<LoginResponse>('/login', { user: agent.crmUserId });
    expect(after.body.url).not.toBe(before.body.url);
    expect(world.fake.requests.at(-1)?.path).toContain(other.scUserId);
  });

  it('says the linked Saleschat user no longer exists when Saleschat answers 404', async () => {
    await world.proxy.store.linkUser('crm-user-stale', 'deleted-saleschat-user');
    const { status, body } = await world.json<ErrorBody>('/login', { user: 'crm-user-stale' });
    expect(status).toBe(502);
    expect(body.error.code).toBe('SALESCHAT_ERROR');
    expect(body.error.message).toContain('no longer exists');
    expect(body.error.saleschat).toEqual({ code: 4040001, message: 'NOT_FOUND' });
    expect(world.fake.countRequests('magicLink')).toBe(1);
  });

  describe('upstream faults', () => {
    it('retries a 5xx with backoff and succeeds when Saleschat recovers', async () => {
      const agent = await world.agent();
      world.fake.setFault('magicLink', { status: 503, times: 2 });
      const { status } = await world.json('/login', { user: agent.crmUserId });
      expect(status).toBe(200);
      expect(world.fake.requests.map((request) => request.status)).toEqual([503, 503, 200]);
      const [first = 0, second = 0, third = 0] = world.fake.requests.map((request) => request.at);
      expect(second - first).toBeGreaterThanOrEqual(100);
      expect(third - second).toBeGreaterThan(second - first);
    });

    it('gives up after three attempts with SALESCHAT_UNAVAILABLE and Saleschat’s code', async () => {
      const agent = await world.agent();
      world.fake.setFault('magicLink', { status: 500 });
      const { status, body } = await world.json<ErrorBody>('/login', { user: agent.crmUserId });
      expect(status).toBe(503);
      expect(body.error.code).toBe('SALESCHAT_UNAVAILABLE');
      expect(body.error.saleschat).toEqual({ code: 5000001, message: 'INTERNAL_ERROR' });
      expect(world.fake.countRequests('magicLink')).toBe(3);
    });

    it('retries a dropped connection', async () => {
      const agent = await world.agent();
      world.fake.setFault('magicLink', { drop: true, times: 1 });
      const { status } = await world.json('/login', { user: agent.crmUserId });
      expect(status).toBe(200);
      expect(world.fake.countRequests('magicLink')).toBe(2);
    });

    it('answers SALESCHAT_UNAVAILABLE 504 after the timeout, without retrying', async () => {
      const agent = await world.agent();
      const proxy = world.newProxy({
        saleschat: { baseUrl: world.fakeUrl, token: TOKEN, orgId: ORG_ID, timeoutMs: 200 },
      });
      world.fake.setFault('magicLink', { timeout: true });
      const started = Date.now();
      const response = await proxy.fetch(loginRequest(agent.crmUserId));
      expect(response.status).toBe(504);
      expect(((await response.json()) as ErrorBody).error.code).toBe('SALESCHAT_UNAVAILABLE');
      expect(Date.now() - started).toBeLessThan(1500);
      expect(world.fake.countRequests('magicLink')).toBe(1);
    });

    it('waits out latency below the timeout', async () => {
      const agent = await world.agent();
      world.fake.setFault('magicLink', { latencyMs: 150 });
      expect((await world.json('/login', { user: agent.crmUserId })).status).toBe(200);
    });

    it('answers SALESCHAT_ERROR with a clear message for a body that is not JSON', async () => {
      const agent = await world.agent();
      world.fake.setFault('magicLink', { malformedJson: true });
      const { status, body } = await world.json<ErrorBody>('/login', { user: agent.crmUserId });
      expect(status).toBe(502);
      expect(body.error).toMatchObject({
        code: 'SALESCHAT_ERROR',
        message: "Saleschat's magic-link answer is not JSON.",
      });
      expect(world.fake.countRequests('magicLink')).toBe(1);
    });

    it('answers RATE_LIMITED with retryAfterMs when Saleschat answers 429', async () => {
      const agent = await world.agent();
      world.fake.setFault('magicLink', { status: 429 });
      const response = await world.request('/login', { user: agent.crmUserId });
      expect(response.status).toBe(429);
      expect(response.headers.get('Retry-After')).toBe('1');
      const body = (await response.json()) as ErrorBody;
      expect(body.error).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 1000 });
      expect(world.fake.countRequests('magicLink')).toBe(1);
    });

    it('explains a refused token without repeating it', async () => {
      const agent = await world.agent();
      const proxy = world.newProxy({
        saleschat: { baseUrl: world.fakeUrl, token: 'wrong-token-value', orgId: ORG_ID },
      });
      const response = await proxy.fetch(loginRequest(agent.crmUserId));
      const text = await response.text();
      expect(response.status).toBe(502);
      expect(text).toContain('check the saleschat token');
      expect(text).not.toContain('wrong-token-value');
    });
  });

  it('keeps within 10 requests per second by queueing, so Saleschat never refuses', async () => {
    const agents = await Promise.all(Array.from({ length: 12 }, () => world.agent()));
    // Earlier tests' requests leave both rate-limit windows: the proxy's clock, and real time
    // for the budget PostgreSQL keeps by the database's clock (10 slots take 1.6 s there).
    world.clock.advance(2000);
    await new Promise((resolve) => setTimeout(resolve, 1700));
    const started = Date.now();
    const answers = await Promise.all(
      agents.map((agent) => world.json('/login', { user: agent.crmUserId })),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(12).fill(200));
    expect(world.fake.requests.map((request) => request.status)).toEqual(Array(12).fill(200));
    // The 11th request waited for the window to move on.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('answers RATE_LIMITED with retryAfterMs when the queue would be too long', async () => {
    const proxy = world.newProxy({ rateLimit: { maxQueueMs: 0 } });
    const agents = await Promise.all(Array.from({ length: 12 }, () => world.agent()));
    world.clock.advance(2000);
    await new Promise((resolve) => setTimeout(resolve, 1700));
    const responses = await Promise.all(
      agents.map((agent) => proxy.fetch(loginRequest(agent.crmUserId))),
    );
    const statuses = responses.map((response) => response.status).sort();
    // In process, 10 at once; PostgreSQL's shared budget spaces requests evenly (one per
    // 160 ms), so only the first goes without waiting.
    const sent = name === 'PostgreSQL' ? 1 : 10;
    expect(statuses).toEqual([...Array(sent).fill(200), ...Array(12 - sent).fill(429)]);
    const refused = (await responses
      .find((response) => response.status === 429)
      ?.json()) as ErrorBody;
    expect(refused.error.code).toBe('RATE_LIMITED');
    expect(refused.error.retryAfterMs).toBeGreaterThan(0);
    // At most one window in process (1.1 s); on PostgreSQL's shared budget at most 12 slots
    // of 160 ms away.
    expect(refused.error.retryAfterMs).toBeLessThanOrEqual(name === 'PostgreSQL' ? 1920 : 1100);
    expect(world.fake.countRequests('magicLink')).toBe(sent);
  });
});

describe('magic-link answers Saleschat may give', () => {
  let store: TestStore;
  beforeAll(async () => {
    // PostgreSQL: each test below opens its own proxy on the store at once.
    const postgres = storeFactories.find((factory) => factory.name === 'PostgreSQL');
    store = await (postgres as (typeof storeFactories)[number]).create();
  });
  afterAll(() => store?.remove());

  it.each([
    ['link-and-expiry', 20 * 60_000],
    ['nested', 20 * 60_000],
    ['link-only', 5 * 60_000],
  ] as const)(
    'reads the %s shape, with the fallback lifetime when it has no expiry',
    async (shape, lifetime) => {
      const world = await createTestWorld(store, {
        fake: { magicLinkResponse: shape, magicLinkTtlMs: 20 * 60_000 },
      });
      try {
        const agent = await world.agent();
        const { status, body } = await world.json<LoginResponse>('/login', {
          user: agent.crmUserId,
        });
        expect(status).toBe(200);
        expect(body.url).toMatch(new RegExp(`^${world.fakeUrl}/magic/`));
        // The nested shape's expiry is in whole seconds.
        expect(Math.abs(Date.parse(body.expiresAt) - (world.clock.now() + lifetime))).toBeLessThan(
          2000,
        );
      } finally {
        await world.close();
      }
    },
  );

  it('refuses an http link when Saleschat is configured on https', async () => {
    const fake = await startFakeSaleschatServer({ token: TOKEN, orgId: ORG_ID });
    const world = await createTestWorld(store, {
      proxy: {
        saleschat: {
          baseUrl: 'https://saleschat.test',
          token: TOKEN,
          orgId: ORG_ID,
          // The https base URL is only what the proxy believes; requests reach the http fake.
          fetch: (input, init) =>
            fetch(String(input).replace('https://saleschat.test', fake.url), init),
        },
      },
    });
    try {
      const { userId } = fake.fake.seedUser({ email: 'a@crm.test', firstName: 'A', lastName: 'B' });
      await world.proxy.store.linkUser('crm-user-https', userId);
      const { status, body } = await world.json<ErrorBody>('/login', { user: 'crm-user-https' });
      expect(status).toBe(502);
      expect(body.error.message).toBe("Saleschat's magic-link answer holds no usable link.");
    } finally {
      await world.close();
      await fake.close();
    }
  });
});

function loginRequest(crmUserId: string): Request {
  return new Request('http://crm.test/api/saleschat/login', {
    method: 'POST',
    headers: { Cookie: `session=${crmUserId}`, 'X-Saleschat-Kit': '1' },
  });
}
