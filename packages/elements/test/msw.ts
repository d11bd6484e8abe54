import type { RequestHandler } from 'msw';
import { setupWorker } from 'msw/browser';

const worker = setupWorker();
let started: Promise<unknown> | undefined;

/**
 * Makes `handlers` the whole fake proxy for the test about to run. A request to the proxy that no
 * handler answers is an error; anything else (Vite's modules) goes through untouched.
 */
export async function useProxy(...handlers: RequestHandler[]): Promise<void> {
  started ??= worker.start({
    quiet: true,
    serviceWorker: { url: '/mockServiceWorker.js' },
    onUnhandledRequest(request, print) {
      if (new URL(request.url).pathname.startsWith('/api/')) print.error();
    },
  });
  await started;
  worker.resetHandlers(...handlers);
}
