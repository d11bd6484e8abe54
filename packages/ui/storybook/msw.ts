import type { RequestHandler } from 'msw';
import { setupWorker } from 'msw/browser';

const worker = setupWorker();
let started: Promise<unknown> | undefined;

/**
 * Makes `handlers` the whole fake proxy for the story about to render. The worker starts once
 * (served at `/mockServiceWorker.js` by `.storybook/mswWorker.ts`); a request to the proxy that
 * no handler answers is an error, anything else (Vite's modules) goes through untouched.
 */
export async function setStoryHandlers(handlers: RequestHandler[], proxyPath: string) {
  started ??= worker.start({
    quiet: true,
    serviceWorker: { url: '/mockServiceWorker.js' },
    onUnhandledRequest(request, print) {
      if (new URL(request.url).pathname.startsWith(proxyPath)) print.error();
    },
  });
  await started;
  worker.resetHandlers(...handlers);
}
