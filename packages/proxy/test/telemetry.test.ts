import {
  context,
  metrics,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type AttributeValue,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  AggregationTemporality,
  MeterProvider,
  MetricReader,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import type { ChatResponse, ErrorBody } from '@saleschat-kit/core';
import { startFakeSaleschatServer } from '@saleschat-kit/fake-saleschat';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SaleschatProxy } from '../src/index';
import { chatRequest, CRM_ORIGIN, ORG_ID, TOKEN } from './createTestWorld';
import { storeFactories } from './testStores';
import { worldPerSuite } from './worldPerSuite';

/** A metric reader collected on demand, each collection holding what happened since the last. */
class DeltaReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.DELTA });
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

// The host's side of OpenTelemetry, as an SDK with in-memory exporters.
const exporter = new InMemorySpanExporter();
const reader = new DeltaReader();
const tracerProvider = new BasicTracerProvider({
  spanProcessors: [new SimpleSpanProcessor(exporter)],
});
const meterProvider = new MeterProvider({ readers: [reader] });

// Before the suites create their proxies: a proxy takes its meter when it is created.
beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
});

afterAll(async () => {
  trace.disable();
  metrics.disable();
  propagation.disable();
  context.disable();
  await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
});

const SCOPE = '@saleschat-kit/proxy';
type Attributes = Record<string, AttributeValue | undefined>;

/** Everything the SDK received, for the final scan. */
const seenSpans: ReadableSpan[] = [];
const seenMetrics: MetricData[] = [];

/** The spans finished since the last call. */
function takeSpans(): ReadableSpan[] {
  const spans = exporter
    .getFinishedSpans()
    .filter((span) => span.instrumentationScope.name === SCOPE);
  exporter.reset();
  seenSpans.push(...spans);
  return spans;
}

/** The proxy's metrics since the last call. */
async function takeMetrics(): Promise<MetricData[]> {
  const { resourceMetrics } = await reader.collect();
  const collected = resourceMetrics.scopeMetrics
    .filter((scope) => scope.scope.name === SCOPE)
    .flatMap((scope) => scope.metrics);
  seenMetrics.push(...collected);
  return collected;
}

/** A counter's sum, or a histogram's count, over the points carrying `attributes` (`undefined`: absent). */
function total(collected: MetricData[], name: string, attributes: Attributes = {}): number {
  let sum = 0;
  for (const metric of collected.filter((each) => each.descriptor.name === name)) {
    for (const point of metric.dataPoints) {
      const matches = Object.entries(attributes).every(
        ([key, value]) => point.attributes[key] === value,
      );
      if (!matches) continue;
      const value = point.value as number | { count: number };
      sum += typeof value === 'number' ? value : value.count;
    }
  }
  return sum;
}

/** The pending-leads gauge's value in a collection. */
function pendingLeads(collected: MetricData[]): number | undefined {
  const gauge = collected.find((each) => each.descriptor.name === 'saleschat.contacts.pending');
  return gauge?.dataPoints.at(-1)?.value as number | undefined;
}

const serverSpans = (spans: ReadableSpan[]) =>
  spans.filter((span) => span.kind === SpanKind.SERVER);
const upstreamSpans = (spans: ReadableSpan[]) =>
  spans.filter((span) => span.kind === SpanKind.CLIENT && 'saleschat.endpoint' in span.attributes);
const storeSpans = (spans: ReadableSpan[]) =>
  spans.filter((span) => span.kind === SpanKind.CLIENT && 'db.operation.name' in span.attributes);
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

describe.each(storeFactories)('telemetry on $name', ({ name, create }) => {
  const system = name === 'PostgreSQL' ? 'postgresql' : 'sqlite';
  const suite = worldPerSuite(create);
  /** Lead details that must never reach telemetry, and the fake loggers' lines. */
  const phones: string[] = [];
  const names: string[] = [];
  const crmCustomerIds: string[] = [];
  const otherLogLines: string[] = [];

  /** A lead with its own names, and a phone written the way a CRM might. */
  function newLead(): string {
    const n = phones.length;
    const digits = String(Math.floor(Math.random() * 1e5)).padStart(5, '0');
    const phone = [`+91 98${n}1${n} ${digits}`, `0044 7911-${digits}${n}`, `(+33) 6.12.${digits}`][
      n % 3
    ] as string;
    const firstName = `Zuleika${n}x`;
    const lastName = `Fairweather${n}x`;
    phones.push(phone);
    names.push(firstName, lastName);
    const { crmCustomerId } = suite.world.lead({ firstName, lastName, phone });
    crmCustomerIds.push(crmCustomerId);
    return crmCustomerId;
  }

  const chat = (user: string, crmCustomerId: string) =>
    suite.world.json<ChatResponse & ErrorBody>('/chat', { user, body: { crmCustomerId } });

  /** The request's log line (the test world's capturing logger), parsed. */
  function logLineOf(requestId: string): { level: string; fields: Record<string, unknown> } {
    const line = suite.world.logs.find((each) => each.includes(`"requestId":"${requestId}"`));
    expect(line).toBeDefined();
    return JSON.parse(line as string) as { level: string; fields: Record<string, unknown> };
  }

  /** Sets a fault through the fake's admin API, as an operator's script would. */
  async function injectFault(fakeUrl: string, endpoint: string, fault: object): Promise<void> {
    const response = await fetch(`${fakeUrl}/__admin/faults/${endpoint}`, {
      method: 'PUT',
      body: JSON.stringify(fault),
    });
    expect(response.status).toBe(204);
  }

  /** Drops what earlier tests left, so each test sees its own spans and metrics. */
  async function startClean(): Promise<void> {
    await takeMetrics();
    takeSpans();
  }

  it('traces a login and a cached login, with their store operations, and counts the cache', async () => {
    const agent = await suite.world.agent();
    await startClean();

    const first = await suite.world.request('/login', { user: agent.crmUserId });
    const second = await suite.world.request('/login', { user: agent.crmUserId });

    expect([first.status, second.status]).toEqual([200, 200]);
    const spans = takeSpans();
    const servers = serverSpans(spans);
    expect(servers.map((span) => span.name)).toEqual(['POST /login', 'POST /login']);
    expect(servers[1]?.attributes).toEqual({
      'http.request.method': 'POST',
      'http.route': '/login',
      'http.response.status_code': 200,
      'saleschat.outcome': 'ok',
      'saleschat.request_id': second.headers.get('X-Request-Id'),
    });
    const [call, ...more] = upstreamSpans(spans);
    expect(more).toEqual([]);
    expect(call?.name).toBe('GET magicLink');
    expect(call?.attributes).toEqual({
      'saleschat.endpoint': 'magicLink',
      'http.request.method': 'GET',
      'http.response.status_code': 200,
      'saleschat.retries': 0,
      'saleschat.rate_budget.wait_ms': expect.any(Number),
    });
    expect(parentOf(call as ReadableSpan)).toBe(servers[0]?.spanContext().spanId);
    const store = storeSpans(spans);
    expect(store.map((span) => span.name)).toEqual(
      expect.arrayContaining(['getUser', 'exclusive', 'saveMagicLink']),
    );
    for (const span of store) {
      expect(span.attributes['db.system.name']).toBe(system);
      expect(servers.map((server) => server.spanContext().spanId)).toContain(parentOf(span));
    }

    const collected = await takeMetrics();
    expect(total(collected, 'saleschat.magic_link.cache.hits')).toBe(1);
    expect(total(collected, 'saleschat.magic_link.cache.misses')).toBe(1);
    expect(
      total(collected, 'http.server.request.duration', {
        'http.request.method': 'POST',
        'http.route': '/login',
        'http.response.status_code': 200,
        'saleschat.outcome': 'ok',
      }),
    ).toBe(2);
    expect(
      total(collected, 'http.client.request.duration', {
        'saleschat.endpoint': 'magicLink',
        'http.request.method': 'GET',
        'http.response.status_code': 200,
      }),
    ).toBe(1);
    expect(
      total(collected, 'saleschat.rate_budget.wait.duration', {
        'saleschat.endpoint': 'magicLink',
      }),
    ).toBe(1);
    expect(
      total(collected, 'db.client.operation.duration', {
        'db.system.name': system,
        'db.operation.name': 'getUser',
      }),
    ).toBeGreaterThanOrEqual(2);
  });

  it('reports no store operation for a login and a repeat chat the read cache answers', async () => {
    const agent = await suite.world.agent();
    const crmCustomerId = newLead();
    // Fill the cache; PostgreSQL's notifications of these writes may still empty it once.
    for (let i = 0; i < 2; i++) {
      expect((await suite.world.request('/login', { user: agent.crmUserId })).status).toBe(200);
      expect((await chat(agent.crmUserId, crmCustomerId)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await startClean();

    const login = await suite.world.request('/login', { user: agent.crmUserId });
    const repeat = await chat(agent.crmUserId, crmCustomerId);

    expect([login.status, repeat.status, repeat.body.assignment]).toEqual([200, 200, 'unchanged']);
    const spans = takeSpans();
    expect(serverSpans(spans).map((span) => span.name)).toEqual(['POST /login', 'POST /chat']);
    expect(storeSpans(spans).map((span) => span.name)).toEqual([]);
    expect(upstreamSpans(spans)).toEqual([]);
    const collected = await takeMetrics();
    expect(total(collected, 'db.client.operation.duration')).toBe(0);
    expect(total(collected, 'saleschat.magic_link.cache.hits')).toBe(1);
  });

  it('traces a new lead: create and assign under the request, and one log line', async () => {
    const agent = await suite.world.agent();
    const crmCustomerId = newLead();
    await startClean();
    suite.world.fake.clearRequests();

    const { status, body } = await chat(agent.crmUserId, crmCustomerId);

    expect([status, body.contact, body.assignment]).toEqual([200, 'created', 'assigned']);
    const spans = takeSpans();
    const [server] = serverSpans(spans);
    expect(server?.name).toBe('POST /chat');
    expect(server?.attributes['saleschat.outcome']).toBe('ok');
    const upstream = upstreamSpans(spans);
    // Each span says what the fake Saleschat logged for that request.
    expect(
      upstream.map((span) => [span.name, span.attributes['http.response.status_code']]),
    ).toEqual(
      suite.world.fake.requests.map((request) => [`POST ${request.endpoint}`, request.status]),
    );
    expect(upstream.map((span) => span.name)).toEqual(['POST createContact', 'POST assign']);
    expect(storeSpans(spans).map((span) => span.name)).toEqual(
      expect.arrayContaining(['exclusive', 'recordCreateRequest', 'saveContact', 'saveAssignment']),
    );
    for (const span of [...upstream, ...storeSpans(spans)]) {
      expect(span.spanContext().traceId).toBe(server?.spanContext().traceId);
      expect(parentOf(span)).toBe(server?.spanContext().spanId);
    }

    const requestId = server?.attributes['saleschat.request_id'] as string;
    const line = logLineOf(requestId);
    expect(line.level).toBe('info');
    expect(line.fields).toMatchObject({
      requestId,
      route: '/chat',
      status: 200,
      outcome: 'ok',
      upstreamCalls: 2,
      durationMs: expect.any(Number),
    });

    const collected = await takeMetrics();
    expect(
      total(collected, 'http.server.request.duration', {
        'http.route': '/chat',
        'saleschat.outcome': 'ok',
      }),
    ).toBe(1);
    for (const endpoint of ['createContact', 'assign']) {
      expect(
        total(collected, 'http.client.request.duration', { 'saleschat.endpoint': endpoint }),
      ).toBe(1);
    }
  });

  it("traces a reassign to another agent: one assign, no create, and answers RATE_LIMITED to a third agent's click", async () => {
    const [first, second, third] = [
      await suite.world.agent(),
      await suite.world.agent(),
      await suite.world.agent(),
    ];
    const crmCustomerId = newLead();
    expect((await chat(first.crmUserId, crmCustomerId)).status).toBe(200);
    suite.world.clock.advance(11_000);
    await startClean();

    const reassigned = await chat(second.crmUserId, crmCustomerId);
    const limited = await chat(third.crmUserId, crmCustomerId);

    expect(reassigned.body.assignment).toBe('reassigned');
    expect([limited.status, limited.body.error.code]).toEqual([429, 'RATE_LIMITED']);
    const spans = takeSpans();
    expect(upstreamSpans(spans).map((span) => span.name)).toEqual(['POST assign']);
    const [, refusal] = serverSpans(spans);
    expect(refusal?.attributes).toMatchObject({
      'http.route': '/chat',
      'http.response.status_code': 429,
      'saleschat.outcome': 'RATE_LIMITED',
      'error.type': 'RATE_LIMITED',
    });
    // A 4xx is the caller's: the proxy did not fail.
    expect(refusal?.status.code).toBe(SpanStatusCode.UNSET);
    const reassignLine = logLineOf(
      serverSpans(spans)[0]?.attributes['saleschat.request_id'] as string,
    );
    expect(reassignLine.fields).toMatchObject({ outcome: 'ok', upstreamCalls: 1 });
    expect(logLineOf(limited.body.error.requestId)).toMatchObject({
      level: 'warn',
      fields: { outcome: 'RATE_LIMITED', upstreamCalls: 0 },
    });

    const collected = await takeMetrics();
    expect(total(collected, 'saleschat.proxy.rate_limited', { 'http.route': '/chat' })).toBe(1);
    expect(total(collected, 'saleschat.upstream.rate_limited')).toBe(0);
  });

  it("counts Saleschat's 429 apart from the RATE_LIMITED answer it becomes", async () => {
    const agent = await suite.world.agent();
    const crmCustomerId = newLead();
    await injectFault(suite.world.fakeUrl, 'createContact', { status: 429, times: 1 });
    await startClean();

    const { status } = await chat(agent.crmUserId, crmCustomerId);

    expect(status).toBe(429);
    const [create] = upstreamSpans(takeSpans());
    expect(create?.attributes).toMatchObject({
      'saleschat.endpoint': 'createContact',
      'http.response.status_code': 429,
      'error.type': '429',
    });
    expect(create?.status).toEqual({ code: SpanStatusCode.ERROR, message: '429' });
    const collected = await takeMetrics();
    expect(
      total(collected, 'saleschat.upstream.rate_limited', {
        'saleschat.endpoint': 'createContact',
      }),
    ).toBe(1);
    expect(total(collected, 'saleschat.proxy.rate_limited', { 'http.route': '/chat' })).toBe(1);
    expect(
      total(collected, 'http.client.request.duration', {
        'saleschat.endpoint': 'createContact',
        'http.response.status_code': 429,
      }),
    ).toBe(1);
  });

  it('traces an upstream 503: each retry of the magic link, and the failed request', async () => {
    const agent = await suite.world.agent();
    await injectFault(suite.world.fakeUrl, 'magicLink', { status: 503, times: 3 });
    await startClean();

    const response = await suite.world.request('/login', { user: agent.crmUserId });

    expect(response.status).toBe(503);
    const spans = takeSpans();
    const retries = upstreamSpans(spans);
    expect(retries.map((span) => span.attributes['saleschat.retries'])).toEqual([0, 1, 2]);
    for (const span of retries) {
      expect(span.attributes['http.response.status_code']).toBe(503);
      expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: '503' });
    }
    const [server] = serverSpans(spans);
    expect(server?.attributes).toMatchObject({
      'http.response.status_code': 503,
      'saleschat.outcome': 'SALESCHAT_UNAVAILABLE',
    });
    expect(server?.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: 'SALESCHAT_UNAVAILABLE',
    });
    const line = logLineOf(response.headers.get('X-Request-Id') as string);
    expect(line.level).toBe('error');
    expect(line.fields).toMatchObject({ outcome: 'SALESCHAT_UNAVAILABLE', upstreamCalls: 1 });
    expect(line.fields.reason).toContain('HTTP 503');

    const collected = await takeMetrics();
    expect(
      total(collected, 'http.client.request.duration', {
        'saleschat.endpoint': 'magicLink',
        'http.response.status_code': 503,
      }),
    ).toBe(3);
    expect(
      total(collected, 'http.server.request.duration', {
        'http.route': '/login',
        'http.response.status_code': 503,
        'saleschat.outcome': 'SALESCHAT_UNAVAILABLE',
      }),
    ).toBe(1);
    // A login that got no link was answered neither from the store nor with a new link.
    expect(total(collected, 'saleschat.magic_link.cache.misses')).toBe(0);
  });

  it('shows a restart of Saleschat: the unanswered create, the stranded lead, and the contact created again', async () => {
    let saleschat = await startFakeSaleschatServer({ token: TOKEN, orgId: ORG_ID });
    const port = Number(new URL(saleschat.url).port);
    const proxy: SaleschatProxy = suite.world.newProxy({
      saleschat: { baseUrl: saleschat.url, token: TOKEN, orgId: ORG_ID, timeoutMs: 2000 },
    });
    const crmUserId = `crm-restart-${system}`;
    const link = (fake: typeof saleschat.fake) =>
      proxy.store.linkUser(
        crmUserId,
        fake.seedUser({ email: 'restart@crm.test', firstName: 'Re', lastName: 'Start' }).userId,
      );
    const chatThrough = async (crmCustomerId: string) => {
      const response = await proxy.fetch(chatRequest(crmUserId, crmCustomerId));
      return { status: response.status, body: (await response.json()) as ChatResponse };
    };
    try {
      await link(saleschat.fake);
      const known = newLead();
      expect((await chatThrough(known)).status).toBe(200);
      await saleschat.close();
      suite.world.clock.advance(6000);
      await startClean();
      const pendingBefore = pendingLeads(await takeMetrics()) ?? 0;

      // Saleschat is down: the create gets no answer, and the lead is stranded until it is back.
      const stranded = newLead();
      expect((await chatThrough(stranded)).status).toBe(503);
      const [unanswered] = upstreamSpans(takeSpans());
      expect(unanswered?.attributes).toMatchObject({
        'saleschat.endpoint': 'createContact',
        'error.type': 'SALESCHAT_UNAVAILABLE',
      });
      expect(unanswered?.attributes).not.toHaveProperty('http.response.status_code');
      suite.world.clock.advance(6000);
      const down = await takeMetrics();
      expect(
        total(down, 'http.client.request.duration', {
          'saleschat.endpoint': 'createContact',
          'http.response.status_code': undefined,
          'error.type': 'SALESCHAT_UNAVAILABLE',
        }),
      ).toBe(1);
      expect(pendingLeads(down)).toBe(pendingBefore + 1);

      // Back on the same port with nothing: the known lead's contact is created again.
      saleschat = await startFakeSaleschatServer({ token: TOKEN, orgId: ORG_ID, port });
      await link(saleschat.fake);
      suite.world.clock.advance(11_000);
      expect((await chatThrough(known)).body.contact).toBe('created');
      const again = upstreamSpans(takeSpans());
      expect(
        again.map((span) => [span.name, span.attributes['http.response.status_code']]),
      ).toEqual(
        saleschat.fake.requests.map((request) => [`POST ${request.endpoint}`, request.status]),
      );
      expect(again.map((span) => span.attributes['http.response.status_code'])).toEqual([
        404,
        expect.any(Number),
        expect.any(Number),
      ]);
      expect((await chatThrough(stranded)).body.contact).toBe('created');
      suite.world.clock.advance(6000);
      expect(pendingLeads(await takeMetrics())).toBe(pendingBefore);
    } finally {
      await saleschat.close();
    }
  });

  it('continues an incoming traceparent', async () => {
    const agent = await suite.world.agent();
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const parentId = 'b7ad6b7169203331';
    await startClean();

    await suite.world.request('/me', {
      user: agent.crmUserId,
      headers: { traceparent: `00-${traceId}-${parentId}-01` },
    });
    await suite.world.request('/me', { user: agent.crmUserId });

    const spans = takeSpans();
    const [continued, fresh] = serverSpans(spans);
    expect(continued?.name).toBe('GET /me');
    expect(continued?.spanContext().traceId).toBe(traceId);
    expect(parentOf(continued as ReadableSpan)).toBe(parentId);
    expect(fresh?.spanContext().traceId).not.toBe(traceId);
    const [getUser] = storeSpans(spans);
    expect(getUser?.spanContext().traceId).toBe(traceId);
  });

  describe('the logger option', () => {
    const meRequest = (crmUserId: string) =>
      new Request(`${CRM_ORIGIN}/api/saleschat/me`, {
        headers: { Cookie: `session=${crmUserId}`, 'X-Saleschat-Kit': '1' },
      });
    const requestLine = {
      requestId: expect.any(String),
      route: '/me',
      status: 200,
      outcome: 'ok',
      durationMs: expect.any(Number),
      upstreamCalls: 0,
    };

    it('gives a pino-shaped logger the fields first, then the message', async () => {
      const agent = await suite.world.agent();
      const calls: unknown[][] = [];
      const write =
        (level: string) =>
        (...args: unknown[]) =>
          calls.push([level, ...args]);
      const proxy = suite.world.newProxy({
        logger: {
          info: write('info'),
          warn: write('warn'),
          error: write('error'),
          bindings: () => ({}),
        },
      });

      await proxy.fetch(meRequest(agent.crmUserId));

      expect(calls).toEqual([
        ['info', expect.objectContaining(requestLine), 'GET /api/saleschat/me 200'],
      ]);
      otherLogLines.push(JSON.stringify(calls));
    });

    it('gives a console-shaped logger the message first, then the fields', async () => {
      const agent = await suite.world.agent();
      const calls: unknown[][] = [];
      const write =
        (level: string) =>
        (...args: unknown[]) =>
          calls.push([level, ...args]);
      const proxy = suite.world.newProxy({
        logger: { info: write('info'), warn: write('warn'), error: write('error') },
      });

      await proxy.fetch(meRequest(agent.crmUserId));

      expect(calls).toEqual([
        ['info', 'GET /api/saleschat/me 200', expect.objectContaining(requestLine)],
      ]);
      otherLogLines.push(JSON.stringify(calls));
    });

    it('writes one JSON line per request on the console by default, and nothing with null', async () => {
      const agent = await suite.world.agent();
      const quiet = suite.world.newProxy({ logger: null });
      const byDefault = suite.world.newProxy({ logger: undefined });
      const printed: unknown[][] = [];
      const spies = (['info', 'warn', 'error'] as const).map((level) =>
        vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
          printed.push(args);
        }),
      );
      try {
        await quiet.fetch(meRequest(agent.crmUserId));
        expect(printed).toEqual([]);
        await byDefault.fetch(meRequest(agent.crmUserId));
      } finally {
        for (const spy of spies) spy.mockRestore();
      }

      expect(printed).toHaveLength(1);
      const [args] = printed as [unknown[]];
      expect(args).toHaveLength(1);
      expect(args[0]).not.toContain('\n');
      expect(JSON.parse(args[0] as string)).toEqual({
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        level: 'info',
        message: 'GET /api/saleschat/me 200',
        crmUserId: agent.crmUserId,
        ...requestLine,
      });
      otherLogLines.push(JSON.stringify(printed));
    });
  });

  it('keeps the token, phone numbers, lead names and CRM ids out of every span, metric and log line', async () => {
    takeSpans();
    await takeMetrics();
    const spanText = JSON.stringify(
      seenSpans.map((span) => [span.name, span.attributes, span.events, span.status, span.links]),
    );
    const metricText = JSON.stringify(
      seenMetrics.map((metric) => [
        metric.descriptor,
        metric.dataPoints.map((point) => point.attributes),
      ]),
    );
    const logText = [...suite.world.logs, ...otherLogLines].join('\n');
    // The scan reads what was there: the routes, endpoints and outcomes of the tests above.
    expect(spanText).toContain('POST createContact');
    expect(metricText).toContain('RATE_LIMITED');
    expect(logText).toContain('SALESCHAT_UNAVAILABLE');
    expect(phones.length).toBeGreaterThan(3);

    const digitsOnly = (phone: string) => phone.replace(/\D/g, '').replace(/^00/, '');
    for (const text of [spanText, metricText, logText]) {
      expect(text).not.toContain(TOKEN);
      for (const phone of phones) {
        for (const form of [phone, `+${digitsOnly(phone)}`, digitsOnly(phone)]) {
          expect(text).not.toContain(form);
        }
      }
      for (const each of names) expect(text).not.toContain(each);
    }
    // Operators find a lead by its CRM id in the log's event lines; telemetry has none.
    for (const crmCustomerId of crmCustomerIds) {
      expect(spanText).not.toContain(crmCustomerId);
      expect(metricText).not.toContain(crmCustomerId);
    }
  });
});
