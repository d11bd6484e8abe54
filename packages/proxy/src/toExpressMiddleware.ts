import type { ServerResponse } from 'node:http';
import type { SaleschatProxy } from './createSaleschatProxy';
import { isUnderBasePath } from './httpEdge';
import { serveNodeRequest, type NodeRequest } from './serveNodeRequest';

/** Express middleware, typed structurally so the kit does not depend on Express. */
export type ExpressMiddleware = (
  req: NodeRequest,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => Promise<void>;

/**
 * Mounts the proxy in Express: `app.use(toExpressMiddleware(proxy))` or
 * `app.use('/api/saleschat', toExpressMiddleware(proxy))`. Routes are matched on
 * `req.originalUrl` (the full path, whatever the mount), so the proxy's `basePath` must be the
 * path the browser calls. Requests outside it go to `next()`. A JSON body parser in front is
 * fine: its result is used when the body was already read.
 */
export function toExpressMiddleware(proxy: SaleschatProxy): ExpressMiddleware {
  return async (req, res, next) => {
    const path = req.originalUrl ?? req.url ?? '/';
    if (!isUnderBasePath(path.split('?')[0] ?? '', proxy.basePath)) {
      next();
      return;
    }
    await serveNodeRequest(proxy, req, res, path);
  };
}
