import { http, HttpResponse, type RequestHandler } from 'msw';
import { FAKE_DEFAULTS } from './fakeState';
import type { FakeSaleschat } from './types';

export interface FakeSaleschatHandlersOptions {
  /** Where the code under test sends Saleschat requests; default Saleschat's API origin (`FAKE_DEFAULTS.baseUrl`). */
  baseUrl?: string;
}

/**
 * msw handlers that answer every request under `baseUrl` from the fake, so tests and stories
 * share the Node server's model and behaviour. A `drop` fault becomes a network error; a
 * `timeout` fault never answers (as msw cannot hold a socket open).
 */
export function createFakeSaleschatHandlers(
  fake: FakeSaleschat,
  options: FakeSaleschatHandlersOptions = {},
): RequestHandler[] {
  const baseUrl = (options.baseUrl ?? FAKE_DEFAULTS.baseUrl).replace(/\/+$/, '');
  const prefix = new URL(baseUrl, 'http://relative.invalid').pathname.replace(/\/+$/, '');
  return [
    http.all(`${baseUrl}/*`, async ({ request }) => {
      let forwarded = request;
      if (prefix !== '') {
        // The fake routes on the path alone, so the base URL's own path is taken off.
        const url = new URL(request.url);
        url.pathname = url.pathname.slice(prefix.length) || '/';
        const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
        forwarded = new Request(url, {
          method: request.method,
          headers: request.headers,
          body: hasBody ? await request.arrayBuffer() : null,
          signal: request.signal,
        });
      }
      const response = await fake.handle(forwarded);
      return response.type === 'error' ? HttpResponse.error() : response;
    }),
  ];
}
