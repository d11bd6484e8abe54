import {
  CSRF_HEADER,
  CSRF_HEADER_VALUE,
  REQUEST_ID_HEADER,
  ROUTES,
  describeInvalidCrmCustomerId,
  type ChatRequest,
  type ChatResponse,
  type LoginResponse,
  type MeResponse,
} from './contract';
import type { SaleschatEvent, SaleschatEventListener, SaleschatOperation } from './events';
import { createRequestId } from './requestId';
import { readResponse } from './readResponse';
import type { BodyShape } from './shape';
import { SaleschatError } from './saleschatError';

export interface SaleschatClientOptions {
  /** Where the host mounted the proxy, e.g. `/api/saleschat` or `https://crm.example/api/saleschat`. */
  baseUrl: string;
  /** The fetch to use. Default: the global `fetch`, looked up at call time. */
  fetch?: typeof fetch;
  /** Extra headers sent with every call. Default: none. */
  headers?: HeadersInit;
  /** Whether the CRM's cookies go along. Default: `'include'`. */
  credentials?: RequestCredentials;
  /** Per attempt, after which the call fails with `TIMEOUT`. Default: 15 000 ms. */
  timeoutMs?: number;
  /**
   * A short-lived token from the host (a JWT for `saleschat-kit serve`), sent as
   * `Authorization: Bearer`; reused until 30 s before its `exp`. Default: none (cookies authenticate).
   */
  getToken?: () => string | Promise<string>;
}

export interface CallOptions {
  /** Cancels the call; it then fails with `ABORTED`. Default: none. */
  signal?: AbortSignal;
}

export interface SaleschatClient {
  /** A magic link that logs the calling CRM user into Saleschat. */
  login(options?: CallOptions): Promise<LoginResponse>;
  /** Creates the lead's contact if needed and assigns its chatroom to the calling agent. */
  openChat(request: ChatRequest, options?: CallOptions): Promise<ChatResponse>;
  /** Whether the calling CRM user has a Saleschat user. */
  me(options?: CallOptions): Promise<MeResponse>;
  /** Listens to start / success / error of every call. Returns the unsubscribe function. */
  subscribe(listener: SaleschatEventListener): () => void;
}

const DEFAULT_TIMEOUT_MS = 15_000;
/** A token is renewed this long before its `exp`, so it does not expire on the way. */
const TOKEN_MARGIN_MS = 30_000;

export function createSaleschatClient(options: SaleschatClientOptions): SaleschatClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const listeners = new Set<SaleschatEventListener>();
  const { getToken } = options;
  let token: Promise<string> | undefined;
  let renewAt = 0;

  /** The cached token, fetched again near its `exp` (always, for one without a readable `exp`). */
  const bearer = (fetchToken: () => string | Promise<string>) => {
    if (!token || Date.now() >= renewAt) {
      // Calls made while it is fetched share it.
      renewAt = Infinity;
      token = (async () => {
        const value = await fetchToken();
        try {
          const part = value.split('.')[1] as string;
          renewAt =
            JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))).exp * 1e3 -
              TOKEN_MARGIN_MS || 0;
        } catch {
          renewAt = 0;
        }
        return value;
      })();
      token.catch(() => (renewAt = 0));
    }
    return token;
  };

  const emit = (event: SaleschatEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        // An analytics listener must never break the call it observes.
      }
    }
  };

  /** One HTTP attempt, with its own timeout, mapped to the contract. */
  async function attempt<T>(
    operation: SaleschatOperation,
    body: ChatRequest | undefined,
    requestId: string,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onAbort = () => controller.abort();
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort);
    try {
      const headers = new Headers(options.headers);
      headers.set(CSRF_HEADER, CSRF_HEADER_VALUE);
      headers.set(REQUEST_ID_HEADER, requestId);
      if (body) headers.set('Content-Type', 'application/json');
      if (getToken) headers.set('Authorization', `Bearer ${await bearer(getToken)}`);
      const response = await (options.fetch ?? fetch)(baseUrl + ROUTES[operation], {
        method: operation === 'me' ? 'GET' : 'POST',
        headers,
        credentials: options.credentials ?? 'include',
        body: body && JSON.stringify(body),
        signal: controller.signal,
      });
      return await readResponse<T>(response, SHAPES[operation], requestId);
    } catch (error) {
      // The body may still be streaming when the timer or the caller aborts, so this covers both.
      const code = timedOut ? 'TIMEOUT' : signal?.aborted ? 'ABORTED' : 'NETWORK';
      if (error instanceof SaleschatError && code === 'NETWORK') throw error;
      throw new SaleschatError({ code, requestId, cause: error });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async function call<T>(
    operation: SaleschatOperation,
    body: ChatRequest | undefined,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    const requestId = createRequestId();
    const startedAt = Date.now();
    const report = (type: SaleschatEvent['type'], error?: SaleschatError) =>
      emit({ type, operation, requestId, durationMs: Date.now() - startedAt, error });
    report('start');
    // Reads are retried once after a transient failure; /chat never is, a repeat could assign twice.
    for (let retries = operation === 'chat' ? 0 : 1; ; retries--) {
      try {
        const result = await attempt<T>(operation, body, requestId, signal);
        report('success');
        return result;
      } catch (error) {
        // attempt() only ever throws SaleschatErrors.
        const saleschatError = error as SaleschatError;
        const { code, status } = saleschatError;
        if (retries > 0 && (code === 'NETWORK' || status === 503)) continue;
        report('error', saleschatError);
        throw saleschatError;
      }
    }
  }

  return {
    login: (callOptions) => call('login', undefined, callOptions?.signal),
    me: (callOptions) => call('me', undefined, callOptions?.signal),
    openChat: (request, callOptions) => {
      const problem = describeInvalidCrmCustomerId(request?.crmCustomerId);
      if (problem) {
        return Promise.reject(new SaleschatError({ code: 'INVALID_INPUT', message: problem }));
      }
      return call('chat', { crmCustomerId: request.crmCustomerId }, callOptions?.signal);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** What each success body must look like before the client hands it out typed. */
const SHAPES: Record<SaleschatOperation, BodyShape> = {
  login: { url: 'string', expiresAt: 'string' },
  me: { crmUserId: 'string', linked: 'boolean' },
  chat: {
    contactId: 'string',
    chatroomName: 'string',
    contact: ['created', 'existing'],
    assignment: ['assigned', 'reassigned', 'unchanged'],
  },
};
