import { REQUEST_ID_HEADER } from '@saleschat-kit/core';

/**
 * A JSON answer with the headers every proxy response carries: never cached (magic links are
 * credentials), never sniffed, and tagged with the request id.
 */
export function jsonResponse(
  status: number,
  body: unknown,
  requestId: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      [REQUEST_ID_HEADER]: requestId,
      ...headers,
    },
  });
}
