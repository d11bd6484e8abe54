import { QueryClient } from '@tanstack/react-query';
import { cleanup, render } from '@testing-library/react';
import { http } from 'msw';
import { setupServer, type SetupServer } from 'msw/node';
import type { ReactNode } from 'react';
import { afterAll, afterEach, beforeAll, onTestFinished, vi } from 'vitest';
import { SaleschatProvider } from '../index';

/**
 * The set-up every hook test file shares: an msw server (unknown requests fail the test) that is
 * reset after each test, along with the rendered tree and any spies.
 */
export function setupHookTests(): SetupServer {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    cleanup();
    server.resetHandlers();
    vi.restoreAllMocks();
  });
  afterAll(() => server.close());
  return server;
}

/** Keeps the expected render error out of the output (React logs it; React 18 also reports it to jsdom). */
export function quietRenderErrors() {
  vi.spyOn(console, 'error').mockImplementation(() => {});
  const quiet = (event: ErrorEvent) => event.preventDefault();
  window.addEventListener('error', quiet);
  onTestFinished(() => window.removeEventListener('error', quiet));
}

/** Holds every request until the returned function is called. */
export function holdRequests(server: SetupServer) {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  server.use(http.all('*', () => held.then(() => undefined)));
  return release;
}

/** A QueryClient that never retries, so a failure shows at once. */
export function newQueryClient() {
  return new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
}

/** Renders `node` inside a SaleschatProvider on the default base URL; returns its QueryClient. */
export function renderWithProvider(node: ReactNode, queryClient = newQueryClient()) {
  render(<SaleschatProvider queryClient={queryClient}>{node}</SaleschatProvider>);
  return queryClient;
}
