import type { ServerResponse } from 'node:http';
import type { SaleschatProxy } from './createSaleschatProxy';
import { answerOf, type ProxyAnswer } from './proxyInternals';
import { readNodeBody } from './readNodeBody';
import { BodyTooLargeError } from './readLimitedText';
import { isBodyParsed, parsedBodyOf, toWebRequest, type NodeRequest } from './toWebRequest';

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
 * `toExpressMiddleware`. `path` is the path the browser called (with its query).
 */
export async function serveNodeRequest(
  proxy: SaleschatProxy,
  req: NodeRequest,
  res: ServerResponse,
  path: string,
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
    const result = await answer(toWebRequest(req, path, null), (maxBytes) => {
      if (isBodyParsed(req)) {
        const bytes = parsedBodyOf(req.body);
        return bytes.byteLength > maxBytes
          ? Promise.reject(new BodyTooLargeError(maxBytes))
          : Promise.resolve(bytes);
      }
      return readNodeBody(req, maxBytes);
    });
    write(req, res, result);
  } catch {
    writeFailure(res);
  }
}
