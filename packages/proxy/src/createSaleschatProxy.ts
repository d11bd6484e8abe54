import {
  DEFAULT_BASE_PATH,
  REQUEST_ID_HEADER,
  ROUTES,
  SaleschatError,
  type MeResponse,
} from '@saleschat-kit/core';
import {
  createRateLimiter,
  createRedactedLog,
  createSaleschatApi,
  SALESCHAT_RATE_LIMITS,
} from '@saleschat-kit/saleschat-client';
import type { z } from 'zod';
import {
  authenticateRequest,
  checkOrigin,
  corsHeaders,
  errorAnswerOf,
  InvalidRequestError,
  isPreflight,
  isThenable,
  isUnderBasePath,
  preflightHeaders,
  readJsonBody,
  requestIdOf,
  type BodyReader,
  type OriginPolicy,
  type ProxyAnswer,
} from './httpEdge';
import { createContactCreates } from './createLeadContact';
import { loggerOf } from './logger';
import { login } from './login';
import { chatPolicyOf, chatRequestSchema, openChat } from './openChat';
import { openStore } from './store/openStore';
import type { Store, UserRecord } from './store/types';
import { createProxyTelemetry, type ServedRequest } from './telemetry';
import type {
  ProxyContext,
  ProxyUser,
  RouteOutcome,
  SaleschatProxyOptions,
  SingleFlight,
} from './types';

/** A mounted proxy: a Web-standard handler plus what the host needs around it. */
export interface SaleschatProxy {
  /** Answers one request under `basePath` (anything else gets a 404 in the kit's error shape). */
  fetch(request: Request): Promise<Response>;
  /** The normalised mount path, e.g. `/api/saleschat`. */
  readonly basePath: string;
  /** The largest request body it reads; adapters stop reading there too. */
  readonly maxBodyBytes: number;
  /** The proxy's store, for operator tasks: `store.linkUser(crmUserId, scUserId)`, `store.saveContact(…)`. */
  readonly store: Store;
  /** Resolves once the store is open and migrated; rejects with the reason it is not. */
  ready(): Promise<void>;
  /**
   * Waits for contact creates still in flight to be answered and recorded (at most the
   * create deadline and the mapping's retries), then releases the store the proxy opened (a
   * `Store` passed in stays open: its owner closes it).
   */
  close(): Promise<void>;
}

/** A route's method and path under the base path, like `'POST /chat'`. */
type RouteKey = `${string} ${string}`;

/** One route: the body it takes (validated before it runs), and what it does. */
interface Route<User, Body> {
  body?: z.ZodType<Body>;
  /** `context` is the request's: its store and Saleschat calls are observed for it. */
  run(input: { user: User; body: Body; context: ProxyContext }): Promise<RouteOutcome>;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const DEFAULT_MAX_BODY_BYTES = 4096;
const DEFAULT_BODY_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_QUEUE_MS = 2000;
/** The client's default per-request timeout, which a click waits for a contact create. */
const DEFAULT_TIMEOUT_MS = 10_000;
/** The client's default `createDeadlineMs`. */
const DEFAULT_CREATE_DEADLINE_MS = 60_000;
/** What `close()` allows past a create's deadline: the mapping write's retries (4–8 s). */
const MAPPING_RETRIES_MS = 10_000;

function misuse(problem: string): TypeError {
  return new TypeError(`createSaleschatProxy(): ${problem}`);
}

function checkOptions<User extends ProxyUser>(options: SaleschatProxyOptions<User>): void {
  const { saleschat } = options ?? {};
  if (typeof saleschat?.token !== 'string' || saleschat.token.trim() === '') {
    throw misuse(
      'saleschat.token is required: the organisation admin token, from your server configuration.',
    );
  }
  if (typeof saleschat.orgId !== 'string' || saleschat.orgId.trim() === '') {
    throw misuse('saleschat.orgId is required: the Saleschat organisation id.');
  }
  if (typeof options.authenticate !== 'function') {
    throw misuse(
      'authenticate is required: (request) => ({ crmUserId }) from your session, or null.',
    );
  }
  if (typeof options.resolveLead !== 'function') {
    throw misuse(
      'resolveLead is required: (crmCustomerId, user) => ({ firstName, lastName, phone }) or null.',
    );
  }
  if (options.basePath !== undefined && !/^(\/[^/?#]+)*\/?$/.test(options.basePath)) {
    throw misuse(
      `basePath must be a path like '/api/saleschat', not ${JSON.stringify(options.basePath)}.`,
    );
  }
}

/** Shares one in-flight call per key among concurrent callers (login and chat clicks). */
export function createSingleFlight(): SingleFlight {
  const inFlight = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const existing = inFlight.get(key);
      if (existing) return existing as Promise<T>;
      const promise = (async () => task())().finally(() => inFlight.delete(key));
      inFlight.set(key, promise);
      return promise;
    },
  };
}

/**
 * Answers one request. `mountPath`, when given, stands for `basePath` (the Express adapter
 * passes the mount when no `basePath` was given).
 */
type Answer = (request: Request, readBody?: BodyReader, mountPath?: string) => Promise<ProxyAnswer>;

// Kept off the public interface: the kit's Node adapters hand the proxy the body straight from
// Node, which skips building Web streams (they cost more than the proxy's own work), and may
// take the base path from where the host mounted the proxy.
const answers = new WeakMap<SaleschatProxy, { answer: Answer; basePathGiven: boolean }>();

/** The proxy's own handler, or `undefined` for an object that only looks like a proxy. */
export function answerOf(proxy: SaleschatProxy): Answer | undefined {
  return answers.get(proxy)?.answer;
}

/** Whether the host gave `basePath` (else an adapter may take it from the mount). */
export function isBasePathGiven(proxy: SaleschatProxy): boolean {
  return answers.get(proxy)?.basePathGiven ?? true;
}

/**
 * The host side of the kit: a Web-standard `Request → Response` handler that holds the
 * Saleschat token, maps CRM users to Saleschat users, and creates and assigns contacts.
 * Mount it with `toNodeHandler` or `toExpressMiddleware`, or call `fetch` from any framework
 * that speaks Web requests.
 */
export function createSaleschatProxy<User extends ProxyUser = ProxyUser>(
  options: SaleschatProxyOptions<User>,
): SaleschatProxy {
  checkOptions(options);
  const basePath = (options.basePath ?? DEFAULT_BASE_PATH).replace(/\/+$/, '');
  const now = options.now ?? Date.now;
  const logger = loggerOf(options.logger);
  const { token } = options.saleschat;
  const log = createRedactedLog(logger, [token]);
  const bodyLimits = {
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    bodyTimeoutMs: options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS,
  };
  const { maxBodyBytes } = bodyLimits;
  const allowedOrigins = new Set(options.allowedOrigins ?? []);
  const originPolicy: OriginPolicy = { allowedOrigins, trustProxy: options.trustProxy ?? false };
  const assignIntervalMs =
    options.rateLimit?.assignIntervalMs ?? SALESCHAT_RATE_LIMITS.assignIntervalMs;
  const { store, owned } = openStore(options.store, (error) =>
    log('error', 'A PostgreSQL connection failed; the pool reconnects on the next query', {
      error,
    }),
  );
  const telemetry = createProxyTelemetry({ log: logger && log, store, now });
  const context: ProxyContext = {
    store: telemetry.observeStore(store),
    now,
    log,
    flights: createSingleFlight(),
    linked(user) {
      if (user?.scUserId) return user as UserRecord & { scUserId: string };
      // Only an operator can link a CRM user to a Saleschat user.
      throw new SaleschatError({
        code: 'USER_NOT_LINKED',
        message:
          'Your CRM user is not linked to a Saleschat user yet: ask an administrator to link it.',
      });
    },
    resolveLead: options.resolveLead as ProxyContext['resolveLead'],
    creates: createContactCreates(options.saleschat.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    assignIntervalMs,
    chat: chatPolicyOf(options),
    magicLinkCache: telemetry.magicLinkCache,
    api: createSaleschatApi({
      ...options.saleschat,
      assignIntervalMs,
      now,
      logger,
      onRequest: telemetry.onUpstreamRequest,
      limiter: createRateLimiter({
        limit: options.rateLimit?.requestsPerSecond ?? SALESCHAT_RATE_LIMITS.requestsPerSecond,
        maxQueueMs: options.rateLimit?.maxQueueMs ?? DEFAULT_MAX_QUEUE_MS,
        now,
        // PostgreSQL: one budget for every instance on the database; embedded: this process's.
        slots: store.rateSlots,
      }),
    }),
  };

  // The routes, by method and path under `basePath`.
  const route = <Body>(spec: Route<User, Body>) => spec as Route<User, unknown>;
  const routes: Record<RouteKey, Route<User, unknown>> = {
    [`POST ${ROUTES.login}`]: route({
      run: async ({ user, context }) => ({ body: await login(context, user.crmUserId) }),
    }),
    [`POST ${ROUTES.chat}`]: route({
      body: chatRequestSchema,
      run: ({ user, body, context }) => openChat(context, user, body.crmCustomerId),
    }),
    [`GET ${ROUTES.me}`]: route({
      run: async ({ user, context }) => {
        const record = await context.store.getUser(user.crmUserId);
        const me: MeResponse = { crmUserId: user.crmUserId, linked: !!record?.scUserId };
        return { body: me };
      },
    }),
  };
  /** The method each path answers (one per path). */
  const methodOf = new Map(
    Object.keys(routes).map((key) => [key.slice(key.indexOf(' ') + 1), key.split(' ')[0]]),
  );
  const routeList = (base: string) =>
    Object.keys(routes)
      .map((key) => key.replace(' ', ` ${base}`))
      .join(', ');

  /**
   * The route a request is for (a preflight's: the route it asks about), or the 404 or 405
   * that says why there is none.
   */
  function routeOf(
    request: Request,
    url: URL,
    base: string,
  ): { key: RouteKey; route: Route<User, unknown> } {
    const path = isUnderBasePath(url.pathname, base) ? url.pathname.slice(base.length) : null;
    const allowed = path === null ? undefined : methodOf.get(path);
    const method = request.method.slice(0, 20);
    if (path === null || allowed === undefined) {
      throw new InvalidRequestError(
        404,
        `No such route: ${method} ${url.pathname.slice(0, 200)}. The proxy answers ${routeList(base)}.`,
      );
    }
    const key: RouteKey = `${isPreflight(request) ? allowed : request.method} ${path}`;
    const found = routes[key];
    if (!found) {
      throw new InvalidRequestError(405, `${base}${path} answers ${allowed} only, not ${method}.`, {
        Allow: allowed,
      });
    }
    return { key, route: found };
  }

  /** Answers one request: the cross-cutting steps, in order, around the route. */
  async function answerRequest(
    request: Request,
    readBody: BodyReader | undefined,
    mountPath: string,
    requestContext: ProxyContext,
  ): Promise<ServedRequest> {
    const requestId = requestIdOf(request);
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      url = new URL('http://invalid/');
    }
    const headers: Record<string, string> = {
      'Content-Type': JSON_TYPE,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      [REQUEST_ID_HEADER]: requestId,
    };
    if (allowedOrigins.size > 0) Object.assign(headers, corsHeaders(request, allowedOrigins));
    let user: User | undefined;
    let routePath: string | undefined;
    let outcome: RouteOutcome;
    try {
      // 1. Routing: 404 for an unknown path, 405 (with Allow) for a method it does not take.
      const { key, route: found } = routeOf(request, url, mountPath);
      routePath = key.slice(key.indexOf(' ') + 1);
      if (isPreflight(request)) {
        // 2. CORS preflight: answered before the caller's own checks, which it cannot pass.
        const method = key.split(' ')[0] as string;
        Object.assign(headers, preflightHeaders(request, url, originPolicy, method));
        outcome = { body: null };
      } else {
        // 3. Origin and CSRF header.
        checkOrigin(request, url, originPolicy);
        // 4. Authentication by the host.
        const authenticated = authenticateRequest(options.authenticate, request);
        user = isThenable(authenticated) ? await authenticated : authenticated;
        // 5. Body and its validation, for routes that take one.
        const body =
          found.body && (await readJsonBody(request, key, found.body, bodyLimits, readBody));
        // 6. The route itself.
        outcome = await found.run({ user, body, context: requestContext });
      }
    } catch (error) {
      outcome = { error, secrets: [] };
    }

    // 7. Error mapping: the kit's error shape, with the request's secrets redacted.
    const secrets = outcome.secrets ?? [];
    let answer: ProxyAnswer;
    let code = 'ok';
    let failure: unknown;
    if ('error' in outcome) {
      const mapped = errorAnswerOf(outcome.error, requestId, [token, ...secrets]);
      code = mapped.body.error.code;
      failure = outcome.error;
      answer = {
        status: mapped.status,
        headers: Object.assign(headers, mapped.headers),
        body: JSON.stringify(mapped.body),
      };
    } else if (outcome.body === null) {
      delete headers['Content-Type'];
      answer = { status: 204, headers, body: null };
    } else {
      answer = { status: 200, headers, body: JSON.stringify(outcome.body) };
    }
    return {
      answer,
      requestId,
      route: routePath,
      path: url.pathname,
      outcome: code,
      failure,
      secrets,
      crmUserId: user?.crmUserId,
    };
  }

  // 8. Around every request: its span, its metrics and its one log line (telemetry.ts).
  const answer: Answer = (request, readBody, mountPath = basePath) =>
    telemetry.serve(request, context, (requestContext) =>
      answerRequest(request, readBody, mountPath, requestContext),
    );

  const proxy: SaleschatProxy = {
    basePath,
    maxBodyBytes,
    store,
    ready: () => store.ready(),
    async close() {
      await context.creates.drain(
        (options.saleschat.createDeadlineMs ?? DEFAULT_CREATE_DEADLINE_MS) + MAPPING_RETRIES_MS,
      );
      telemetry.close();
      if (owned) await store.close();
    },
    async fetch(request) {
      const result = await answer(request);
      return new Response(result.body, { status: result.status, headers: result.headers });
    },
  };
  answers.set(proxy, { answer, basePathGiven: options.basePath !== undefined });
  return proxy;
}
