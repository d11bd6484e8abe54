import {
  context as otelContext,
  metrics,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  ValueType,
  type Attributes,
  type ObservableCallback,
  type Span,
  type TextMapGetter,
} from '@opentelemetry/api';
import { SaleschatError } from '@saleschat-kit/core';
import {
  describeError,
  type RedactedLog,
  type SaleschatApi,
  type SaleschatRequestRecord,
} from '@saleschat-kit/saleschat-client';
import { version } from '../package.json';
import type { ProxyAnswer } from './httpEdge';
import { observeSqlStore } from './store/createSqlStore';
import type { Store, StoreObserver, StoreQueries } from './store/types';
import type { ProxyContext } from './types';

/**
 * What an operator sees of the proxy: a span per request with a child per Saleschat request
 * and per store operation, the metrics below, and one log line per request. Everything goes
 * through the OpenTelemetry API, a no-op until the host registers an SDK. Every name lives in
 * this file; the proxy hooks it at three seams: the HTTP edge (`serve`), the Saleschat client
 * (`onUpstreamRequest`) and the store (`observeStore`). No attribute, event or log field holds
 * a token, a phone number, a lead's name or CRM id: requests are described by route, outcome
 * code, Saleschat endpoint and store operation only.
 */

/** The instrumentation scope of the proxy's spans and metrics. */
const SCOPE = '@saleschat-kit/proxy';

/** Span and metric attributes (OpenTelemetry semantic conventions, `saleschat.*` for the kit's own). */
const ATTR = {
  method: 'http.request.method',
  route: 'http.route',
  status: 'http.response.status_code',
  errorType: 'error.type',
  dbSystem: 'db.system.name',
  dbOperation: 'db.operation.name',
  outcome: 'saleschat.outcome',
  requestId: 'saleschat.request_id',
  endpoint: 'saleschat.endpoint',
  retries: 'saleschat.retries',
  budgetWaitMs: 'saleschat.rate_budget.wait_ms',
} as const;

/** The metrics, by name; units are UCUM, durations in seconds. */
const METRIC = {
  serverDuration: 'http.server.request.duration',
  clientDuration: 'http.client.request.duration',
  upstreamRateLimited: 'saleschat.upstream.rate_limited',
  dbDuration: 'db.client.operation.duration',
  proxyRateLimited: 'saleschat.proxy.rate_limited',
  budgetWait: 'saleschat.rate_budget.wait.duration',
  cacheHits: 'saleschat.magic_link.cache.hits',
  cacheMisses: 'saleschat.magic_link.cache.misses',
  pending: 'saleschat.contacts.pending',
} as const;

/** The semantic conventions' buckets for HTTP durations, up to the 60 s a contact create may take. */
const HTTP_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30, 60,
];
/** The semantic conventions' buckets for database operations. */
const DB_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10];

/** How long a count of pending leads is reused, and how long a collection waits for a new one. */
const PENDING_FRESH_MS = 5000;
const PENDING_WAIT_MS = 1000;

/** Methods the semantic conventions name; anything else is `_OTHER` (a client picks the method). */
const KNOWN_METHODS = new Set([
  'CONNECT',
  'DELETE',
  'GET',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'POST',
  'PUT',
  'TRACE',
]);

/**
 * Every store query and whether `observeStore` reports it (the type makes a new one a compile
 * error here). The pending list is read by the gauge and operators' tools, never by a request.
 */
const STORE_QUERIES: Record<keyof StoreQueries, boolean> = {
  getUser: true,
  listUsers: true,
  linkUser: true,
  unlinkUser: true,
  saveMagicLink: true,
  getContact: true,
  saveContact: true,
  recordCreateRequest: true,
  forgetCreateRequest: true,
  markNeedsRepair: true,
  listPendingContacts: false,
  forgetContact: true,
  recordAssignRequest: true,
  saveAssignment: true,
  saveSentNames: true,
};

/** One answered request, as the edge hands it to `serve`. */
export interface ServedRequest {
  answer: ProxyAnswer;
  requestId: string;
  /** The route's path under the base path (`/chat`); `undefined` when no route matched. */
  route?: string;
  /** The path the request was sent to, for the log line. */
  path: string;
  /** `'ok'`, or the error code of the answer. */
  outcome: string;
  /** What went wrong, for the log line; `undefined` on success. */
  failure?: unknown;
  /** Removed from the log line on top of the token (the lead's details). */
  secrets: readonly string[];
  /** The caller, once authenticated. */
  crmUserId?: string;
}

/** The proxy's spans, metrics and request log line. */
export interface ProxyTelemetry {
  /**
   * Answers one request inside its SERVER span (continuing an incoming `traceparent`), then
   * records its duration and outcome and writes its log line. `handle` gets `context` with an
   * API that counts the Saleschat calls the request makes.
   */
  serve(
    request: Request,
    context: ProxyContext,
    handle: (context: ProxyContext) => Promise<ServedRequest>,
  ): Promise<ProxyAnswer>;
  /** The Saleschat client's `onRequest`: a CLIENT span and the upstream metrics per request. */
  onUpstreamRequest(record: SaleschatRequestRecord): void;
  /** The store with a CLIENT span and a duration per operation (for `exclusive`: until the lock is held). */
  observeStore(store: Store): Store;
  /** Counts a login answered from the stored magic link (`true`) or with a new one. */
  magicLinkCache(hit: boolean): void;
  /** Stops reading the store for the pending-leads gauge. */
  close(): void;
}

const headerGetter: TextMapGetter<Headers> = {
  keys: (headers) => [...headers.keys()],
  get: (headers, key) => headers.get(key) ?? undefined,
};

/**
 * An error's type for `error.type`: the kit's code, a driver's code (`57P01`, `ECONNREFUSED`),
 * or `_OTHER` — never its message, which may hold a lead's details.
 */
function errorTypeOf(error: unknown): string {
  if (error instanceof SaleschatError) return error.code;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[\w.-]{1,40}$/.test(code) ? code : '_OTHER';
}

function failSpan(span: Span, errorType: string): void {
  span.setAttribute(ATTR.errorType, errorType);
  span.setStatus({ code: SpanStatusCode.ERROR, message: errorType });
}

/** Every Saleschat API method (the type makes a new one a compile error here). */
const API_METHODS: Record<keyof SaleschatApi, true> = {
  createUser: true,
  isOrgMember: true,
  magicLink: true,
  createContact: true,
  updateContact: true,
  assign: true,
};

/** The Saleschat API, counting the calls one request makes through it (one object per request). */
interface CountingApi extends SaleschatApi {
  calls: number;
}

/** Its methods live on one prototype, so a request allocates one small object, not six closures. */
const countingApiPrototype = Object.fromEntries(
  Object.keys(API_METHODS).map((name) => [
    name,
    function (this: CountingApi & { api: SaleschatApi }, ...args: unknown[]) {
      this.calls++;
      return (this.api[name as keyof SaleschatApi] as (...args: unknown[]) => unknown)(...args);
    },
  ]),
);

function countingApi(api: SaleschatApi): CountingApi {
  return Object.assign(Object.create(countingApiPrototype) as CountingApi, { api, calls: 0 });
}

export function createProxyTelemetry(options: {
  /** The request log; `null` writes no line. */
  log: RedactedLog | null;
  /** The store the pending-leads gauge reads (not observed itself: a collection is no request). */
  store: Store;
  /** The proxy's clock, which ages the gauge's count. */
  now: () => number;
}): ProxyTelemetry {
  const { log, store, now } = options;
  const tracer = trace.getTracer(SCOPE, version);
  // The meter is the one registered now: the metrics API has no provider that forwards to a
  // later one (unlike traces), so hosts register their SDK before creating the proxy.
  const meter = metrics.getMeter(SCOPE, version);
  const serverDuration = meter.createHistogram(METRIC.serverDuration, {
    description: 'Duration of the requests the proxy answered, by route and outcome code.',
    unit: 's',
    advice: { explicitBucketBoundaries: HTTP_BUCKETS },
  });
  const clientDuration = meter.createHistogram(METRIC.clientDuration, {
    description: 'Duration of the requests to Saleschat, by endpoint and status.',
    unit: 's',
    advice: { explicitBucketBoundaries: HTTP_BUCKETS },
  });
  const upstreamRateLimited = meter.createCounter(METRIC.upstreamRateLimited, {
    description: 'Answers 429 from Saleschat, by endpoint.',
    unit: '{response}',
    valueType: ValueType.INT,
  });
  const dbDuration = meter.createHistogram(METRIC.dbDuration, {
    description: "Duration of the proxy's store operations.",
    unit: 's',
    advice: { explicitBucketBoundaries: DB_BUCKETS },
  });
  const proxyRateLimited = meter.createCounter(METRIC.proxyRateLimited, {
    description: 'RATE_LIMITED answers the proxy gave, by route.',
    unit: '{response}',
    valueType: ValueType.INT,
  });
  const budgetWait = meter.createHistogram(METRIC.budgetWait, {
    description: "Time Saleschat requests waited for the rate budget's slot, by endpoint.",
    unit: 's',
    advice: { explicitBucketBoundaries: HTTP_BUCKETS },
  });
  const cacheHits = meter.createCounter(METRIC.cacheHits, {
    description: 'Logins answered from the stored magic link.',
    unit: '{request}',
    valueType: ValueType.INT,
  });
  const cacheMisses = meter.createCounter(METRIC.cacheMisses, {
    description: 'Logins that needed a new magic link from Saleschat.',
    unit: '{request}',
    valueType: ValueType.INT,
  });
  const pending = meter.createObservableGauge(METRIC.pending, {
    description:
      'Leads whose contact create has an unknown outcome (saleschat-kit contacts pending).',
    unit: '{lead}',
    valueType: ValueType.INT,
  });

  // The gauge reads the store at most every few seconds and never makes a collection wait
  // long: a slow or unreachable database leaves the last count (or none) in place.
  let pendingCount: number | undefined;
  let pendingReadAt = Number.NEGATIVE_INFINITY;
  let pendingRead: Promise<void> | undefined;
  const readPending = () =>
    (pendingRead ??= store
      .listPendingContacts()
      .then(
        (leads) => {
          pendingCount = leads.length;
          pendingReadAt = now();
        },
        () => undefined,
      )
      .finally(() => {
        pendingRead = undefined;
      }));
  const observePending: ObservableCallback = async (result) => {
    if (now() - pendingReadAt > PENDING_FRESH_MS) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        readPending(),
        new Promise((resolve) => {
          timer = setTimeout(resolve, PENDING_WAIT_MS);
        }),
      ]);
      clearTimeout(timer);
    }
    if (pendingCount !== undefined) result.observe(pendingCount);
  };
  pending.addCallback(observePending);

  /** Starts one store operation's span; the function returned ends it and records its duration. */
  function startOperation(system: string | undefined, name: string) {
    const attributes: Attributes = { [ATTR.dbOperation]: name };
    if (system) attributes[ATTR.dbSystem] = system;
    const span = tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes });
    const startedAt = performance.now();
    return (error?: unknown) => {
      if (error !== undefined) failSpan(span, errorTypeOf(error));
      span.end();
      dbDuration.record((performance.now() - startedAt) / 1000, attributes);
    };
  }

  function observeQueries(queries: StoreQueries, system: string | undefined): StoreQueries {
    const observed: Record<string, unknown> = {};
    for (const name of Object.keys(STORE_QUERIES) as (keyof StoreQueries)[]) {
      const query = queries[name] as (...args: unknown[]) => Promise<unknown>;
      if (!STORE_QUERIES[name]) {
        observed[name] = query;
        continue;
      }
      observed[name] = async (...args: unknown[]) => {
        const done = startOperation(system, name);
        try {
          const result = await query.apply(queries, args);
          done();
          return result;
        } catch (error) {
          done(error);
          throw error;
        }
      };
    }
    return observed as unknown as StoreQueries;
  }

  return {
    async serve(request, context, handle) {
      const startedAt = performance.now();
      const method = KNOWN_METHODS.has(request.method) ? request.method : '_OTHER';
      const parent = propagation.extract(ROOT_CONTEXT, request.headers, headerGetter);
      const span = tracer.startSpan(
        method,
        { kind: SpanKind.SERVER, attributes: { [ATTR.method]: method } },
        parent,
      );
      const api = countingApi(context.api);
      const run = () => handle({ ...context, api });
      let served: ServedRequest;
      try {
        // Without an SDK the span is a no-op with no trace to continue: nothing to make active.
        served = await (trace.isSpanContextValid(span.spanContext())
          ? otelContext.with(trace.setSpan(parent, span), run)
          : run());
      } catch (error) {
        failSpan(span, errorTypeOf(error));
        span.end();
        throw error;
      }
      const { answer, route, outcome } = served;
      const durationMs = performance.now() - startedAt;
      const attributes: Attributes = {
        [ATTR.method]: method,
        [ATTR.status]: answer.status,
        [ATTR.outcome]: outcome,
      };
      if (route !== undefined) attributes[ATTR.route] = route;
      if (span.isRecording()) {
        if (route !== undefined) span.updateName(`${method} ${route}`);
        span.setAttributes({ ...attributes, [ATTR.requestId]: served.requestId });
        // As the semantic conventions have it for servers: a 4xx is the caller's, not a failure
        // of the proxy (its code is still on the span).
        if (outcome !== 'ok') span.setAttribute(ATTR.errorType, outcome);
        if (answer.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
      }
      span.end();
      serverDuration.record(durationMs / 1000, attributes);
      if (outcome === 'RATE_LIMITED') {
        proxyRateLimited.add(1, route === undefined ? {} : { [ATTR.route]: route });
      }
      if (log) writeRequestLine(log, request.method, served, durationMs, api.calls);
      return answer;
    },

    onUpstreamRequest(record) {
      const attributes: Attributes = {
        [ATTR.endpoint]: record.endpoint,
        [ATTR.method]: record.method,
      };
      if (record.status !== undefined) attributes[ATTR.status] = record.status;
      const span = tracer.startSpan(`${record.method} ${record.endpoint}`, {
        kind: SpanKind.CLIENT,
        startTime: record.startedAt,
        attributes: {
          ...attributes,
          [ATTR.retries]: record.retries,
          [ATTR.budgetWaitMs]: Math.round(record.waitMs ?? 0),
        },
      });
      // No answer: the kit's code says why (unreachable, timed out, refused by the budget).
      const errorType =
        record.status === undefined
          ? (record.errorCode ?? '_OTHER')
          : record.status >= 400
            ? String(record.status)
            : undefined;
      if (errorType !== undefined) failSpan(span, errorType);
      span.end();
      if (record.durationMs !== undefined) {
        clientDuration.record(
          record.durationMs / 1000,
          record.status === undefined ? { ...attributes, [ATTR.errorType]: errorType } : attributes,
        );
      }
      if (record.status === 429) upstreamRateLimited.add(1, { [ATTR.endpoint]: record.endpoint });
      if (record.waitMs !== undefined) {
        budgetWait.record(record.waitMs / 1000, { [ATTR.endpoint]: record.endpoint });
      }
    },

    observeStore(raw) {
      const system =
        raw.dialect === 'postgres' ? 'postgresql' : raw.dialect === 'sqlite' ? 'sqlite' : undefined;
      // The kit's own stores are watched below their read cache: only database work is reported.
      const observer: StoreObserver = {
        queries: (queries) => observeQueries(queries, system),
        lock: () => startOperation(system, 'exclusive'),
      };
      if (observeSqlStore(raw, observer)) return raw;
      // A host's own store: every call, as it cannot tell what it answers from memory.
      return {
        ...observeQueries(raw, system),
        rateSlots: raw.rateSlots,
        dialect: raw.dialect,
        ready: () => raw.ready(),
        close: () => raw.close(),
        exclusive(key, fn) {
          const done = startOperation(system, 'exclusive');
          let held = false;
          return raw
            .exclusive(key, (queries) => {
              held = true;
              done();
              return fn(observeQueries(queries, system));
            })
            .catch((error: unknown) => {
              if (!held) done(error);
              throw error;
            });
        },
      };
    },

    magicLinkCache(hit) {
      (hit ? cacheHits : cacheMisses).add(1);
    },

    close() {
      pending.removeCallback(observePending);
    },
  };
}

/**
 * The request's one log line: route, outcome, duration and Saleschat calls, the cause of a
 * failure for the operator (redacted like every line), at the level its status calls for.
 */
function writeRequestLine(
  log: RedactedLog,
  method: string,
  served: ServedRequest,
  durationMs: number,
  upstreamCalls: number,
): void {
  const { status } = served.answer;
  const { failure } = served;
  log(
    status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info',
    `${method.slice(0, 20)} ${served.path.slice(0, 200)} ${status}`,
    {
      requestId: served.requestId,
      route: served.route,
      status,
      outcome: served.outcome,
      durationMs: Math.round(durationMs),
      upstreamCalls,
      crmUserId: served.crmUserId,
      ...(failure === undefined
        ? {}
        : {
            reason: describeError(failure),
            ...(failure instanceof SaleschatError && failure.saleschat
              ? { saleschat: failure.saleschat }
              : {}),
          }),
    },
    served.secrets,
  );
}
