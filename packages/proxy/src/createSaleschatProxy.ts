import {
  CSRF_HEADER,
  DEFAULT_BASE_PATH,
  REQUEST_ID_HEADER,
  ROUTES,
  SaleschatError,
  type MeResponse,
} from '@saleschat-kit/core';
import { checkOrigin, isAllowedOrigin } from './checkOrigin';
import { createProxyLog } from './createProxyLog';
import { createRateLimiter } from './createRateLimiter';
import { createSaleschatApi } from './createSaleschatApi';
import { createSingleFlight } from './createSingleFlight';
import { errorBodyOf } from './errorBodyOf';
import { isUnderBasePath } from './isUnderBasePath';
import { login } from './login';
import { openChat } from './openChat';
import type { ProxyContext } from './proxyContext';
import { authenticateRequest } from './authenticateRequest';
import { invalidInput } from './invalidInput';
import { registerAnswer, type BodyReader, type ProxyAnswer } from './proxyInternals';
import { readChatRequest } from './readChatRequest';
import { readLimitedBytes } from './readLimitedText';
import { describeError } from './redact';
import { requestIdOf } from './requestIdOf';
import { openStore } from './store/openStore';
import type { Store } from './store/types';
import type { ProxyUser, SaleschatProxyOptions } from './types';

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
  /** Releases the store the proxy opened (a `Store` passed in stays open: its owner closes it). */
  close(): Promise<void>;
}

const JSON_TYPE = { 'Content-Type': 'application/json; charset=utf-8' };

const DEFAULT_SALESCHAT_URL = 'https://apis.saleschat.pro';
const DEFAULTS = {
  timeoutMs: 10_000,
  magicLinkTtlMs: 5 * 60_000,
  maxBodyBytes: 4096,
  requestsPerSecond: 10,
  maxQueueMs: 2000,
  assignIntervalMs: 10_000,
};
/**
 * Added to Saleschat's one-second window: requests spaced exactly one second apart here can
 * arrive less than a second apart there, after network jitter.
 */
const WINDOW_JITTER_MS = 100;

const METHODS: Record<string, 'GET' | 'POST'> = {
  [ROUTES.login]: 'POST',
  [ROUTES.chat]: 'POST',
  [ROUTES.me]: 'GET',
};

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
  const logger = options.logger === undefined ? console : options.logger;
  const log = createProxyLog(logger, options.saleschat.token);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULTS.maxBodyBytes;
  const allowedOrigins = new Set(options.allowedOrigins ?? []);
  const limits = { ...DEFAULTS, ...options.rateLimit };
  const { store, owned } = openStore(options.store, (error) =>
    log('error', 'A PostgreSQL connection failed; the pool reconnects on the next query', {
      error,
    }),
  );
  const saleschat = options.saleschat;

  const context: ProxyContext = {
    store,
    now,
    log,
    flights: createSingleFlight(),
    resolveLead: options.resolveLead as ProxyContext['resolveLead'],
    assignIntervalMs: limits.assignIntervalMs,
    api: createSaleschatApi({
      baseUrl: saleschat.baseUrl ?? DEFAULT_SALESCHAT_URL,
      token: saleschat.token,
      orgId: saleschat.orgId,
      timeoutMs: saleschat.timeoutMs ?? DEFAULTS.timeoutMs,
      magicLinkTtlMs: saleschat.magicLinkTtlMs ?? DEFAULTS.magicLinkTtlMs,
      assignIntervalMs: limits.assignIntervalMs,
      fetch: saleschat.fetch ?? ((input, init) => fetch(input, init)),
      now,
      log,
      limiter: createRateLimiter({
        limit: limits.requestsPerSecond,
        windowMs: 1000 + WINDOW_JITTER_MS,
        maxQueueMs: limits.maxQueueMs,
        now,
      }),
    }),
  };

  /** CORS headers for a listed cross-origin caller; none for same-origin ones. */
  function corsHeaders(request: Request): Record<string, string> {
    const origin = request.headers.get('Origin');
    if (!origin || !allowedOrigins.has(origin)) return {};
    return {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Credentials': 'true',
      'Access-Control-Expose-Headers': `${REQUEST_ID_HEADER}, Retry-After`,
      Vary: 'Origin',
    };
  }

  async function route(
    request: Request,
    readBody: BodyReader,
    url: URL,
    secrets: string[],
    seen: { crmUserId?: string },
  ): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    const path = isUnderBasePath(url.pathname, basePath)
      ? url.pathname.slice(basePath.length)
      : null;
    const method = path === null ? undefined : METHODS[path];
    if (path === null || method === undefined) {
      throw invalidInput(
        404,
        `No such route: ${request.method} ${url.pathname.slice(0, 200)}. The proxy answers POST ${basePath}${ROUTES.login}, POST ${basePath}${ROUTES.chat} and GET ${basePath}${ROUTES.me}.`,
      );
    }
    if (request.method === 'OPTIONS' && request.headers.has('Access-Control-Request-Method')) {
      const origin = request.headers.get('Origin');
      if (!origin || !isAllowedOrigin(origin, url, allowedOrigins)) {
        throw new SaleschatError({
          code: 'FORBIDDEN',
          message: 'Cross-origin calls are allowed only from the origins listed in allowedOrigins.',
        });
      }
      return {
        status: 204,
        body: null,
        headers: {
          'Access-Control-Allow-Methods': method,
          'Access-Control-Allow-Headers': `Content-Type, ${CSRF_HEADER}, ${REQUEST_ID_HEADER}`,
          'Access-Control-Max-Age': '600',
        },
      };
    }
    if (request.method !== method) {
      const error = invalidInput(
        405,
        `${basePath}${path} answers ${method} only, not ${request.method.slice(0, 20)}.`,
      );
      throw Object.assign(error, { allow: method });
    }
    checkOrigin(request, url, allowedOrigins);
    const user = await authenticateRequest(options.authenticate, request);
    seen.crmUserId = user.crmUserId;

    if (path === ROUTES.login) return { status: 200, body: await login(context, user.crmUserId) };
    if (path === ROUTES.chat) {
      const crmCustomerId = await readChatRequest(request, readBody, maxBodyBytes);
      return { status: 200, body: await openChat(context, user, crmCustomerId, secrets) };
    }
    const record = await store.getUser(user.crmUserId);
    const me: MeResponse = { crmUserId: user.crmUserId, linked: !!record?.scUserId };
    return { status: 200, body: me };
  }

  /** Answers one request; `fetch` and the Node adapters differ only in how bytes come and go. */
  async function answer(request: Request, readBody: BodyReader): Promise<ProxyAnswer> {
    const startedAt = performance.now();
    const requestId = requestIdOf(request);
    const secrets: string[] = [];
    const seen: { crmUserId?: string } = {};
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      url = new URL('http://invalid/');
    }
    const common = {
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      [REQUEST_ID_HEADER]: requestId,
      ...corsHeaders(request),
    };
    let result: ProxyAnswer;
    let failure: unknown;
    try {
      const { status, body, headers } = await route(request, readBody, url, secrets, seen);
      result =
        body === null
          ? { status, headers: { ...common, ...headers }, body: null }
          : {
              status,
              headers: { ...JSON_TYPE, ...common, ...headers },
              body: JSON.stringify(body),
            };
    } catch (error) {
      failure = error;
      const { status, body } = errorBodyOf(error, requestId, [saleschat.token, ...secrets]);
      const headers: Record<string, string> = { ...JSON_TYPE, ...common };
      if (body.error.retryAfterMs !== undefined) {
        headers['Retry-After'] = String(Math.ceil(body.error.retryAfterMs / 1000));
      }
      const allow = (error as { allow?: unknown }).allow;
      if (typeof allow === 'string') headers.Allow = allow;
      result = { status, headers, body: JSON.stringify(body) };
    }
    if (logger !== null) {
      const { status } = result;
      log(
        status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info',
        `${request.method.slice(0, 20)} ${url.pathname.slice(0, 200)} ${status}`,
        {
          requestId,
          status,
          durationMs: Math.round(performance.now() - startedAt),
          crmUserId: seen.crmUserId,
          ...(failure === undefined
            ? {}
            : failure instanceof SaleschatError
              ? { code: failure.code, reason: describeError(failure), saleschat: failure.saleschat }
              : { code: 'INTERNAL', reason: describeError(failure) }),
        },
        secrets,
      );
    }
    return result;
  }

  const proxy: SaleschatProxy = {
    basePath,
    maxBodyBytes,
    store,
    ready: () => store.ready(),
    async close() {
      if (owned) await store.close();
    },
    async fetch(request) {
      const result = await answer(request, (maxBytes) => readLimitedBytes(request.body, maxBytes));
      return new Response(result.body, { status: result.status, headers: result.headers });
    },
  };
  registerAnswer(proxy, answer);
  return proxy;
}
