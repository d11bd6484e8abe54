import type { IncomingMessage } from 'node:http';
import { BodyTooLargeError } from './readLimitedText';

/** A Node request as Express may hand it over: a body parser may have read the body already. */
export type NodeRequest = IncomingMessage & { originalUrl?: string; body?: unknown };

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
        // Unread data is discarded; the response then closes the connection (see writeWebResponse).
        finished = true;
        req.resume();
      },
    },
    { highWaterMark: 1 },
  );
}

/** Whether a body parser in front of the proxy (e.g. `express.json()`) has read the body. */
export function isBodyParsed(req: NodeRequest): boolean {
  return req.body !== undefined && (req.readableEnded || req.complete);
}

/** What a body parser in front of the proxy already made of the body, back as bytes. */
export function parsedBodyOf(body: unknown): Uint8Array {
  if (body instanceof Uint8Array) return body;
  return new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body));
}

/**
 * A Web `Request` for a Node request, with its full URL (`url` path + query). With
 * `maxBodyBytes` the body comes along as a bounded stream; with `null` the request has no body
 * (the caller reads it from Node directly).
 */
export function toWebRequest(req: NodeRequest, path: string, maxBodyBytes: number | null): Request {
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
