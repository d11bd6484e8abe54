import type { IncomingMessage, ServerResponse } from 'node:http';

/** Sends a Web `Response` through Node's `res`. Proxy answers are small JSON, sent in one write. */
export async function writeWebResponse(
  req: IncomingMessage,
  res: ServerResponse,
  response: Response,
): Promise<void> {
  const body = response.body ? new Uint8Array(await response.arrayBuffer()) : undefined;
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  // A body the proxy did not read (too large, or a route that takes none) is not drained
  // forever: the connection closes after this answer.
  if (!req.complete) res.setHeader('Connection', 'close');
  res.end(body);
}

/** The last resort when something outside the proxy's handler failed: a 500 in the kit's shape. */
export function writeAdapterFailure(res: ServerResponse): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.statusCode = 500;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
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
