/**
 * The kit's Node adapters: `toNodeHandler` (node:http, connect) and `toExpressMiddleware`.
 * They hand the proxy's own handler the body straight from Node and write its answer without
 * Web streams or a `Response` — measured faster than @hono/node-server's listener (see the
 * bench's BENCH_ADAPTER=compare).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerOf, isBasePathGiven, type SaleschatProxy } from './createSaleschatProxy';
import { BodyTooLargeError, concatBytes, isUnderBasePath, type ProxyAnswer } from './httpEdge';

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
 * Reads a Node request body, at most `maxBytes` of it: past that it stops listening, leaves
 * the rest unread (the answer then closes the connection) and throws `BodyTooLargeError`.
 */
function readNodeBody(req: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    const cleanup = () => {
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

/**
 * A Web `Request` for a Node request, with its full URL (`url` path + query). With
 * `maxBodyBytes` the body comes along as a bounded stream; with `null` the request has no body
 * (the caller reads it from Node directly). A method the Fetch standard refuses (TRACE…) is
 * kept as the request's `method` on a body-less request, so the proxy can answer it 405.
 */
function toWebRequest(req: NodeRequest, path: string, maxBodyBytes: number | null): Request {
  const encrypted = (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true;
  let url: URL;
  try {
    url = new URL(path, `${encrypted ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`);
  } catch {
    url = new URL(path.startsWith('/') ? path : '/', 'http://localhost');
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    try {
      for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
    } catch {
      // Node accepts a few header values the Fetch standard refuses; the proxy reads none of them.
    }
  }
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

function write(req: NodeRequest, res: ServerResponse, answer: ProxyAnswer): void {
  // A body the proxy did not read (too large, or a route that takes none) is not drained
  // forever: the connection closes after this answer.
  const headers = req.complete ? answer.headers : { ...answer.headers, Connection: 'close' };
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
      toWebRequest(req, path, null),
      (maxBytes) => {
        if (isBodyParsed(req)) {
          const bytes = parsedBodyOf(req.body);
          return bytes.byteLength > maxBytes
            ? Promise.reject(new BodyTooLargeError(maxBytes))
            : Promise.resolve(bytes);
        }
        return readNodeBody(req, maxBytes);
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
  return async (req, res, next) => {
    const path = req.url ?? '/';
    if (next && !isUnderBasePath(path.split('?')[0] ?? '', proxy.basePath)) {
      next();
      return;
    }
    await serveNodeRequest(proxy, req, res, path);
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
  return async (req, res, next) => {
    const path = req.originalUrl ?? req.url ?? '/';
    const base = !isBasePathGiven(proxy) && req.baseUrl ? req.baseUrl : proxy.basePath;
    if (!isUnderBasePath(path.split('?')[0] ?? '', base)) {
      next();
      return;
    }
    await serveNodeRequest(proxy, req, res, path, base);
  };
}
