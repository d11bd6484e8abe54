import { CSRF_HEADER, CSRF_HEADER_VALUE, SaleschatError } from '@saleschat-kit/core';

/**
 * Whether `origin` may call the proxy: listed in `allowedOrigins`, or the proxy's own host. The
 * scheme is not compared for the own host, since TLS often ends at a load balancer in front of
 * the app, which then sees `http://` for a page served over `https://`.
 */
export function isAllowedOrigin(
  origin: string,
  requestUrl: URL,
  allowedOrigins: ReadonlySet<string>,
): boolean {
  if (allowedOrigins.has(origin)) return true;
  try {
    return new URL(origin).host === requestUrl.host;
  } catch {
    return false; // `null` (sandboxed frames, file://) and garbage.
  }
}

/**
 * CSRF defence: a request carrying cookies must carry the kit's header (which a cross-site
 * form, link or image cannot send), and any request with an `Origin` must come from an
 * allowed one. Throws FORBIDDEN otherwise.
 */
export function checkOrigin(
  request: Request,
  requestUrl: URL,
  allowedOrigins: ReadonlySet<string>,
): void {
  const origin = request.headers.get('Origin');
  if (origin !== null && !isAllowedOrigin(origin, requestUrl, allowedOrigins)) {
    throw new SaleschatError({
      code: 'FORBIDDEN',
      message: `Requests from ${JSON.stringify(origin.slice(0, 100))} are not allowed: add the origin to allowedOrigins if it is yours.`,
    });
  }
  if (request.headers.has('Cookie') && request.headers.get(CSRF_HEADER) !== CSRF_HEADER_VALUE) {
    throw new SaleschatError({
      code: 'FORBIDDEN',
      message: `Cookie-authenticated requests must carry the header ${CSRF_HEADER}: ${CSRF_HEADER_VALUE} (the kit's client sends it).`,
    });
  }
}
