import { createSaleschatProxy, type SaleschatProxy } from './createSaleschatProxy';
import type { ProxyUser, SaleschatProxyOptions } from './types';

/** A Next.js App Router route handler. */
export type NextRouteHandler = (request: Request) => Promise<Response>;

/** What a catch-all `route.ts` exports: one handler per method the proxy answers or refuses. */
export interface SaleschatRouteHandlers {
  GET: NextRouteHandler;
  POST: NextRouteHandler;
  PUT: NextRouteHandler;
  PATCH: NextRouteHandler;
  DELETE: NextRouteHandler;
  OPTIONS: NextRouteHandler;
}

/**
 * The proxy as the exports of a Next.js catch-all route handler
 * (`app/api/saleschat/[...path]/route.ts`):
 * `export const { GET, POST, OPTIONS } = createSaleschatRouteHandlers(options);`
 *
 * The proxy is created, and its options checked, on the first request rather than at import:
 * `next build` imports every route module to collect its configuration, and the build
 * environment rarely holds the Saleschat token. A missing or bad option then fails that first
 * request (500, with the misuse error in the server log), and the next request tries again.
 */
export function createSaleschatRouteHandlers<User extends ProxyUser>(
  options: SaleschatProxyOptions<User>,
): SaleschatRouteHandlers {
  let proxy: SaleschatProxy | undefined;
  const handle: NextRouteHandler = async (request) => {
    proxy ??= createSaleschatProxy(options);
    return proxy.fetch(request);
  };
  return { GET: handle, POST: handle, PUT: handle, PATCH: handle, DELETE: handle, OPTIONS: handle };
}
