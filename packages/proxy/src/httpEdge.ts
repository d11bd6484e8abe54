import {
  CSRF_HEADER,
  CSRF_HEADER_VALUE,
  ERROR_STATUS,
  REQUEST_ID_HEADER,
  SaleschatError,
  isProxyErrorCode,
  type ErrorBody,
} from '@saleschat-kit/core';
import { redact } from '@saleschat-kit/saleschat-client';
import type { z } from 'zod';
import type { ProxyUser } from './types';

/**
 * The HTTP edge: everything the proxy does with a request before and after a route runs —
 * request ids, CORS, the origin and CSRF check, authentication, reading and validating the
 * body, and turning errors into answers. `createSaleschatProxy` lists these steps in order.
 */

/** A proxy answer before it becomes a Web `Response`. */
export interface ProxyAnswer {
  status: number;
  headers: Record<string, string>;
  /** JSON text, or `null` for no body. */
  body: string | null;
}

/**
 * INVALID_INPUT with an HTTP status of its own, and the headers that go with it (405's
 * `Allow`): the contract has no codes of its own for an unknown route (404), a wrong method
 * (405), a body not received in time (408), too large (413) or of the wrong type (415).
 */
export class InvalidRequestError extends SaleschatError {
  readonly headers: Readonly<Record<string, string>>;
  constructor(status: number, message: string, headers: Record<string, string> = {}) {
    super({ code: 'INVALID_INPUT', status, message });
    this.headers = headers;
  }
}

// --- Request ids -------------------------------------------------------------------------

/** What a client's request id may look like to be echoed: short, and safe in a log line or header. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

// Request ids correlate, they do not authorise: a random prefix per process and a counter are
// unique enough, and cost nothing next to a random draw per request.
const PREFIX = Array.from(crypto.getRandomValues(new Uint8Array(6)), (byte) =>
  byte.toString(16).padStart(2, '0'),
).join('');
let counter = 0;

/** The client's `X-Request-Id` when it is a sane short token, else a fresh unique one. */
export function requestIdOf(request: Request): string {
  const sent = request.headers.get(REQUEST_ID_HEADER);
  if (sent && SANE_REQUEST_ID.test(sent)) return sent;
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  return `${PREFIX}${counter.toString(16).padStart(12, '0')}`;
}

// --- Paths -------------------------------------------------------------------------------

/** Whether a path is the proxy's to answer: the base path itself or anything below it. */
export function isUnderBasePath(pathname: string, basePath: string): boolean {
  return basePath === '' || pathname === basePath || pathname.startsWith(`${basePath}/`);
}

// --- CORS, origin and CSRF ---------------------------------------------------------------

/** Who may call the proxy besides same-origin pages, and how to tell its public host. */
export interface OriginPolicy {
  allowedOrigins: ReadonlySet<string>;
  /** Whether `X-Forwarded-Host` (set by the host's own reverse proxy) names the public host. */
  trustProxy: boolean;
}

/**
 * The host the browser addressed. Frameworks and dev servers rewrite `request.url` (Next.js
 * route handlers see `localhost:PORT`), so it is read from the `Host` header, or from
 * `X-Forwarded-Host` behind a reverse proxy the host trusts; `request.url` only as a last resort.
 */
function publicHostOf(request: Request, requestUrl: URL, trustProxy: boolean): string {
  const forwarded = trustProxy && request.headers.get('X-Forwarded-Host')?.split(',')[0]?.trim();
  return (forwarded || request.headers.get('Host') || requestUrl.host).toLowerCase();
}

/**
 * Whether a request may call the proxy: from an origin listed in `allowedOrigins`; else, on
 * the browser's Fetch Metadata, a `same-origin` call (this survives any rewriting of `Host`,
 * as Vite's `changeOrigin` does) and never a `cross-site` or `same-site` one; else, for
 * browsers without Fetch Metadata, an `Origin` whose host is the public host. The scheme is not
 * compared there, since TLS often ends at a load balancer that then forwards `http://`.
 */
function isAllowedCaller(
  request: Request,
  origin: string | null,
  requestUrl: URL,
  { allowedOrigins, trustProxy }: OriginPolicy,
): boolean {
  if (origin !== null && allowedOrigins.has(origin)) return true;
  const site = request.headers.get('Sec-Fetch-Site');
  if (site === 'same-origin') return true;
  if (site === 'cross-site' || site === 'same-site') return false;
  if (origin === null) return true; // not a cross-origin call: no browser omits it there
  try {
    return new URL(origin).host === publicHostOf(request, requestUrl, trustProxy);
  } catch {
    return false; // `null` (sandboxed frames, file://) and garbage.
  }
}

/** CORS headers for a listed cross-origin caller; none for same-origin ones. */
export function corsHeaders(
  request: Request,
  allowedOrigins: ReadonlySet<string>,
): Record<string, string> {
  const origin = request.headers.get('Origin');
  if (!origin || !allowedOrigins.has(origin)) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Expose-Headers': `${REQUEST_ID_HEADER}, Retry-After`,
    Vary: 'Origin',
  };
}

/** Whether a request is a CORS preflight (answered before anything else). */
export function isPreflight(request: Request): boolean {
  return request.method === 'OPTIONS' && request.headers.has('Access-Control-Request-Method');
}

/** The preflight's answer headers for a route answering `method`; FORBIDDEN for an origin not allowed. */
export function preflightHeaders(
  request: Request,
  requestUrl: URL,
  policy: OriginPolicy,
  method: string,
): Record<string, string> {
  const origin = request.headers.get('Origin');
  if (!origin || !isAllowedCaller(request, origin, requestUrl, policy)) {
    throw new SaleschatError({
      code: 'FORBIDDEN',
      message: 'Cross-origin calls are allowed only from the origins listed in allowedOrigins.',
    });
  }
  return {
    'Access-Control-Allow-Methods': method,
    // Authorization: a page whose user is identified by a host token (saleschat-kit serve).
    'Access-Control-Allow-Headers': `Content-Type, Authorization, ${CSRF_HEADER}, ${REQUEST_ID_HEADER}`,
    'Access-Control-Max-Age': '600',
  };
}

/**
 * CSRF defence: a request carrying cookies must carry the kit's header (which a cross-site
 * form, link or image cannot send), and the caller must be allowed (see `isAllowedCaller`).
 * Throws FORBIDDEN otherwise.
 */
export function checkOrigin(request: Request, requestUrl: URL, policy: OriginPolicy): void {
  const origin = request.headers.get('Origin');
  if (!isAllowedCaller(request, origin, requestUrl, policy)) {
    throw new SaleschatError({
      code: 'FORBIDDEN',
      message: `Requests from ${JSON.stringify((origin ?? 'another site').slice(0, 100))} are not allowed: add the origin to allowedOrigins if it is yours (behind a reverse proxy that sets X-Forwarded-Host, set trustProxy).`,
    });
  }
  if (request.headers.has('Cookie') && request.headers.get(CSRF_HEADER) !== CSRF_HEADER_VALUE) {
    throw new SaleschatError({
      code: 'FORBIDDEN',
      message: `Cookie-authenticated requests must carry the header ${CSRF_HEADER}: ${CSRF_HEADER_VALUE} (the kit's client sends it).`,
    });
  }
}

// --- Authentication ----------------------------------------------------------------------

/** Any id a CRM may use, but nothing a database or a log line would choke on. */
const VALID_CRM_USER_ID = /^\P{Cc}{1,256}$/u;

/**
 * Whether a host callback's result is a promise (or any thenable) to await. A plain value is
 * used as it is: on the paths a cache answers, awaiting one cost as much as the work around it.
 */
export function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as PromiseLike<T> | null)?.then === 'function';
}

/**
 * The host's user, checked: a bad `authenticate` result is the host's bug, not the caller's.
 * A synchronous `authenticate` is answered synchronously (no promise on the cached paths).
 */
export function authenticateRequest<User extends ProxyUser>(
  authenticate: (request: Request) => User | null | Promise<User | null>,
  request: Request,
): User | Promise<User> {
  let result: User | null | Promise<User | null>;
  try {
    result = authenticate(request);
  } catch (error) {
    throw hostFailure(error);
  }
  return isThenable(result)
    ? Promise.resolve(result).then(checkedUser, (error: unknown) => {
        throw hostFailure(error);
      })
    : checkedUser(result);
}

/** What `authenticate` threw: the kit's own errors pass, anything else is the host's bug. */
function hostFailure(error: unknown): unknown {
  if (error instanceof SaleschatError && isProxyErrorCode(error.code)) return error;
  return new Error('authenticate() threw', { cause: error });
}

function checkedUser<User extends ProxyUser>(user: User | null): User {
  if (user === null || user === undefined) {
    throw new SaleschatError({ code: 'UNAUTHENTICATED', message: 'Sign in to the CRM first.' });
  }
  if (typeof user.crmUserId !== 'string' || !VALID_CRM_USER_ID.test(user.crmUserId)) {
    throw new Error(
      'authenticate() must return { crmUserId } (1–256 characters, no control characters) or null',
    );
  }
  return user;
}

// --- Body --------------------------------------------------------------------------------

/** Thrown by `readLimitedBytes` when a body is larger than allowed. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`The body is larger than ${maxBytes} bytes.`);
  }
}

/**
 * Reads a body, stopping (and cancelling the stream) as soon as it passes `maxBytes`, so an
 * endless or huge body costs at most `maxBytes` of memory.
 */
export async function readLimitedBytes(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  return concatBytes(chunks, size);
}

/** Joins chunks into one array of `size` bytes. */
export function concatBytes(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Invalid UTF-8 in a request body is refused, not patched over. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a request body: at most `maxBytes` of it (`BodyTooLargeError` past that), within
 * `timeoutMs` (`BodyTimeoutError` past that). A body already received may come back as is,
 * not in a promise.
 */
export type BodyReader = (maxBytes: number, timeoutMs: number) => Uint8Array | Promise<Uint8Array>;

/**
 * Thrown when the body did not arrive within its deadline: a client that sends its headers and
 * then trickles or stalls the body is answered at once rather than holding the request (and a
 * connection) until the server's own `requestTimeout` (300 s in Node).
 */
export class BodyTimeoutError extends Error {
  override readonly name = 'BodyTimeoutError';
}

/** `reading`, or `BodyTimeoutError` once `timeoutMs` have passed. */
function withinDeadline<T>(reading: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BodyTimeoutError()), timeoutMs);
  });
  return Promise.race([reading, deadline]).finally(() => clearTimeout(timer));
}

/**
 * A JSON body of at most `maxBodyBytes`, received within `bodyTimeoutMs`, checked against the
 * route's schema. `readBody` reads the bytes (default: from `request.body`).
 */
export async function readJsonBody<Body>(
  request: Request,
  route: string,
  schema: z.ZodType<Body>,
  limits: { maxBodyBytes: number; bodyTimeoutMs: number },
  readBody: BodyReader = (maxBytes, timeoutMs) =>
    withinDeadline(readLimitedBytes(request.body, maxBytes), timeoutMs),
): Promise<Body> {
  const { maxBodyBytes, bodyTimeoutMs } = limits;
  const type = request.headers.get('Content-Type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new InvalidRequestError(
      415,
      `${route} takes a JSON body: send Content-Type: application/json.`,
    );
  }
  const tooLarge = () =>
    new InvalidRequestError(413, `The request body is larger than ${maxBodyBytes} bytes.`);
  if (Number(request.headers.get('Content-Length') ?? 0) > maxBodyBytes) throw tooLarge();
  let text: string;
  try {
    const reading = readBody(maxBodyBytes, bodyTimeoutMs);
    text = UTF8.decode(reading instanceof Uint8Array ? reading : await reading);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw tooLarge();
    if (error instanceof BodyTimeoutError) {
      throw new InvalidRequestError(
        408,
        `The request body did not arrive within ${bodyTimeoutMs} ms; send it again.`,
      );
    }
    throw new InvalidRequestError(400, 'The request body could not be read as UTF-8 text.');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InvalidRequestError(400, 'The request body is not valid JSON.');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new InvalidRequestError(400, parsed.error.issues[0]?.message ?? 'Invalid body.');
  }
  return parsed.data;
}

// --- Errors ------------------------------------------------------------------------------

/**
 * The status, `ErrorBody` and headers for anything thrown while answering a request, with
 * `secrets` redacted from the messages.
 */
export function errorAnswerOf(
  error: unknown,
  requestId: string,
  secrets: readonly string[],
): { status: number; body: ErrorBody; headers: Record<string, string> } {
  if (!(error instanceof SaleschatError) || !isProxyErrorCode(error.code)) {
    // Unexpected failures keep their details in the log: SQL or stack text is no answer for a browser.
    return {
      status: ERROR_STATUS.INTERNAL,
      body: {
        error: {
          code: 'INTERNAL',
          message: `The Saleschat proxy failed unexpectedly; its log has the details under request id ${requestId}.`,
          requestId,
        },
      },
      headers: {},
    };
  }
  const body: ErrorBody = {
    error: { code: error.code, message: redact(error.message, secrets), requestId },
  };
  const headers: Record<string, string> =
    error instanceof InvalidRequestError ? { ...error.headers } : {};
  if (error.saleschat) {
    body.error.saleschat = {
      code: error.saleschat.code,
      message: redact(error.saleschat.message, secrets),
    };
  }
  if (error.retryAfterMs !== undefined) {
    body.error.retryAfterMs = Math.max(0, Math.ceil(error.retryAfterMs));
    headers['Retry-After'] = String(Math.ceil(body.error.retryAfterMs / 1000));
  }
  return { status: error.status || ERROR_STATUS[error.code], body, headers };
}
