/**
 * The kit's Node adapters: `toNodeHandler` (node:http, connect) and `toExpressMiddleware`.
 * They hand the proxy's own handler the body straight from Node and write its answer without
 * Web streams or a `Response` — measured faster than @hono/node-server's listener (see the
 * bench's BENCH_ADAPTER=compare).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerOf, isBasePathGiven, type SaleschatProxy } from './createSaleschatProxy';
import {
  BodyTimeoutError,
  BodyTooLargeError,
  concatBytes,
  isUnderBasePath,
  type ProxyAnswer,
} from './httpEdge';

/**
 * A Node request as Express may hand it over: a body parser may have read the body already,
 * and `baseUrl` is where the router mounted the middleware.
 */
export type NodeRequest = IncomingMessage & {
  originalUrl?: string;
  baseUrl?: string;
  body?: unknown;
};

/** Methods the Fetch standard refuses in a `Request`; the proxy answers them 405 all the same. */
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

/** Whether a body parser in front of the proxy (e.g. `express.json()`) has read the body. */
function isBodyParsed(req: NodeRequest): boolean {
  return req.body !== undefined && (req.readableEnded || req.complete);
}

/** What a body parser in front of the proxy already made of the body, back as bytes. */
function parsedBodyOf(body: unknown): Uint8Array {
  if (body instanceof Uint8Array) return body;
  return new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body));
}

/**
 * The whole body when Node has already received it (a small body comes in the headers'
 * packet, so usually by the time the proxy reads it), else `undefined`: read then without
 * listeners, a deadline or a promise.
 */
function receivedBodyOf(req: IncomingMessage): Uint8Array | undefined {
  if (!req.complete || req.readableFlowing || req.readableEnded) return undefined;
  const buffered = req.read() as Buffer | null;
  return buffered ?? new Uint8Array(0);
}

/**
 * Reads a Node request body: at most `maxBytes` of it (past that it stops listening, leaves the
 * rest unread — the answer then closes the connection — and throws `BodyTooLargeError`), within
 * `timeoutMs` (else `BodyTimeoutError`). One promise and one timer, no race between two.
 */
function readNodeBody(
  req: IncomingMessage,
  maxBytes: number,
  timeoutMs: number,
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    const cleanup = () => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > maxBytes) {
        cleanup();
        req.pause();
        reject(new BodyTooLargeError(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(concatBytes(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const timer = setTimeout(() => {
      cleanup();
      req.pause();
      reject(new BodyTimeoutError());
    }, timeoutMs);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/**
 * The request body as a Web stream that reads from Node only when asked (backpressure) and
 * fails once more than `maxBytes` arrive, so the proxy never holds more than that in memory.
 */
function streamOf(req: IncomingMessage, maxBytes: number): ReadableStream<Uint8Array> {
  let received = 0;
  let finished = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        req.pause();
        req.on('data', (chunk: Buffer) => {
          if (finished) return;
          received += chunk.byteLength;
          if (received > maxBytes) {
            finished = true;
            controller.error(new BodyTooLargeError(maxBytes));
            return;
          }
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        });
        req.on('end', () => {
          if (!finished) controller.close();
          finished = true;
        });
        req.on('error', (error) => {
          if (!finished) controller.error(error);
          finished = true;
        });
      },
      pull() {
        req.resume();
      },
      cancel() {
        // Unread data is discarded; the answer then closes the connection (see `write`).
        finished = true;
        req.resume();
      },
    },
    { highWaterMark: 1 },
  );
}

/** The full URL of a Node request: `path` (with its query) on the host it was sent to. */
function urlOf(req: NodeRequest, path: string): URL {
  const encrypted = (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true;
  try {
    return new URL(path, `${encrypted ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`);
  } catch {
    return new URL(path.startsWith('/') ? path : '/', 'http://localhost');
  }
}

/** A Node request's headers as Web `Headers`. */
function headersOf(req: NodeRequest): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    try {
      for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
    } catch {
      // Node accepts a few header values the Fetch standard refuses; the proxy reads none of them.
    }
  }
  return headers;
}

/**
 * A Web `Request` for a Node request, with its full URL (`url` path + query). With
 * `maxBodyBytes` the body comes along as a bounded stream; with `null` the request has no body
 * (the caller reads it from Node directly). A method the Fetch standard refuses (TRACE…) is
 * kept as the request's `method` on a body-less request, so the proxy can answer it 405.
 */
function toWebRequest(req: NodeRequest, path: string, maxBodyBytes: number | null): Request {
  const url = urlOf(req, path);
  const headers = headersOf(req);
  const method = req.method ?? 'GET';
  if (FORBIDDEN_METHODS.has(method.toUpperCase())) {
    const request = new Request(url, { method: 'GET', headers });
    Object.defineProperty(request, 'method', { value: method });
    return request;
  }
  let body: ReadableStream<Uint8Array> | Uint8Array | undefined;
  if (maxBodyBytes !== null && method !== 'GET' && method !== 'HEAD') {
    body = isBodyParsed(req) ? parsedBodyOf(req.body) : streamOf(req, maxBodyBytes);
  }
  return new Request(url, {
    method,
    headers,
    body,
    // Required by the Fetch standard for a streamed request body.
    duplex: 'half',
  } as RequestInit);
}

/**
 * The body-less `Request` the proxy (and the host's `authenticate`) sees for a Node request it
 * reads the body of itself: `method`, `url` and `headers` come straight from Node, on first
 * use; anything else (`signal`, `clone()`, …) from a real `Request`, built only if asked for.
 * It is a `Request` to `instanceof`. Why not always the real one: undici's constructor (its
 * URL and header checks, its AbortSignal, the garbage they leave) cost more than the proxy's
 * own work on a cached login (`npm run bench:proxy`).
 */
class NodeRequestView {
  readonly #req: NodeRequest;
  readonly #path: string;
  #url: string | undefined;
  #headers: Headers | undefined;
  #request: Request | undefined;

  constructor(req: NodeRequest, path: string) {
    this.#req = req;
    this.#path = path;
  }

  get method(): string {
    return this.#req.method ?? 'GET';
  }

  get url(): string {
    return (this.#url ??= urlOf(this.#req, this.#path).href);
  }

  get headers(): Headers {
    return (this.#headers ??= headersOf(this.#req));
  }

  /** The real body-less `Request`, for everything the view does not answer itself. */
  request(): Request {
    return (this.#request ??= toWebRequest(this.#req, this.#path, null));
  }
}

// Every other member of `Request` (and Node's `inspect`) is the real request's.
const OWN = new Set<PropertyKey>(['constructor', 'method', 'url', 'headers']);
for (const key of Reflect.ownKeys(Request.prototype)) {
  if (OWN.has(key) || key === Symbol.toStringTag) continue;
  const member = Object.getOwnPropertyDescriptor(Request.prototype, key) as PropertyDescriptor;
  Object.defineProperty(
    NodeRequestView.prototype,
    key,
    member.get
      ? {
          configurable: true,
          get(this: NodeRequestView) {
            return Reflect.get(Request.prototype, key, this.request());
          },
        }
      : {
          configurable: true,
          writable: true,
          value(this: NodeRequestView, ...args: unknown[]) {
            const request = this.request();
            return (member.value as (...args: unknown[]) => unknown).apply(request, args);
          },
        },
  );
}
Object.setPrototypeOf(NodeRequestView.prototype, Request.prototype);

/** The request the proxy's own handler gets for a Node request (see `NodeRequestView`). */
function viewOf(req: NodeRequest, path: string): Request {
  return new NodeRequestView(req, path) as unknown as Request;
}

function write(req: NodeRequest, res: ServerResponse, answer: ProxyAnswer): void {
  // A body the proxy did not read (too large, or a route that takes none) is not drained
  // forever: the connection closes after this answer.
  const headers: Record<string, string | number> = req.complete
    ? { ...answer.headers }
    : { ...answer.headers, Connection: 'close' };
  // A known length spares the chunked encoding (and its extra writes) on every answer.
  if (answer.body !== null) headers['Content-Length'] = Buffer.byteLength(answer.body);
  res.writeHead(answer.status, headers);
  res.end(answer.body ?? undefined);
}

function writeFailure(res: ServerResponse): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(500, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(
    JSON.stringify({
      error: {
        code: 'INTERNAL',
        message: 'The Saleschat proxy adapter failed unexpectedly.',
        requestId: 'adapter',
      },
    }),
  );
}

/**
 * Answers a Node request with the proxy: the shared core of `toNodeHandler` and
 * `toExpressMiddleware`. `path` is the path the browser called (with its query); `mountPath`
 * stands for the proxy's `basePath` when given.
 */
async function serveNodeRequest(
  proxy: SaleschatProxy,
  req: NodeRequest,
  res: ServerResponse,
  path: string,
  mountPath?: string,
): Promise<void> {
  try {
    const answer = answerOf(proxy);
    if (!answer) {
      // Not made by createSaleschatProxy (a wrapper, say): go through its Web `fetch`.
      const response = await proxy.fetch(toWebRequest(req, path, proxy.maxBodyBytes));
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => (headers[name] = value));
      const body = response.body ? await response.text() : null;
      write(req, res, { status: response.status, headers, body });
      return;
    }
    const result = await answer(
      viewOf(req, path),
      (maxBytes, timeoutMs) => {
        const bytes = isBodyParsed(req) ? parsedBodyOf(req.body) : receivedBodyOf(req);
        if (bytes === undefined) return readNodeBody(req, maxBytes, timeoutMs);
        if (bytes.byteLength > maxBytes) throw new BodyTooLargeError(maxBytes);
        return bytes;
      },
      mountPath,
    );
    write(req, res, result);
  } catch {
    writeFailure(res);
  }
}

/** A Node `http` request listener, also usable as connect-style middleware. */
export type NodeHandler = (
  req: NodeRequest,
  res: ServerResponse,
  next?: (error?: unknown) => void,
) => Promise<void>;

/**
 * Mounts the proxy on Node's `http` server: `http.createServer(toNodeHandler(proxy))`. With a
 * `next` (connect-style middleware), requests outside the proxy's base path are passed on;
 * without one they get the proxy's 404.
 */
export function toNodeHandler(proxy: SaleschatProxy): NodeHandler {
  // Not async itself: the request's promise is serveNodeRequest's, one fewer per request.
  return (req, res, next) => {
    const path = req.url ?? '/';
    if (next && !isUnderBasePath(path.split('?')[0] ?? '', proxy.basePath)) {
      next();
      return Promise.resolve();
    }
    return serveNodeRequest(proxy, req, res, path);
  };
}

/** Express middleware, typed structurally so the kit does not depend on Express. */
export type ExpressMiddleware = (
  req: NodeRequest,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => Promise<void>;

/**
 * Mounts the proxy in Express: `app.use('/api/saleschat', toExpressMiddleware(proxy))`, at any
 * path. Without a `basePath` option the mount is the base path (`req.baseUrl`, nested routers
 * included); with one, or mounted at the root, routes are matched on the full path
 * (`req.originalUrl`) under `basePath`. Requests outside it go to `next()`. A JSON body parser
 * in front is fine: its result is used when the body was already read.
 */
export function toExpressMiddleware(proxy: SaleschatProxy): ExpressMiddleware {
  return (req, res, next) => {
    const path = req.originalUrl ?? req.url ?? '/';
    const base = !isBasePathGiven(proxy) && req.baseUrl ? req.baseUrl : proxy.basePath;
    if (!isUnderBasePath(path.split('?')[0] ?? '', base)) {
      next();
      return Promise.resolve();
    }
    return serveNodeRequest(proxy, req, res, path, base);
  };
}
