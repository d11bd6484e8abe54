import type { ServerResponse } from 'node:http';
import type { SaleschatProxy } from './createSaleschatProxy';
import { isUnderBasePath } from './httpEdge';
import { serveNodeRequest, type NodeRequest } from './serveNodeRequest';

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
