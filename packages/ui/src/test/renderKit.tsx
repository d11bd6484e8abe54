import { SaleschatProvider } from '@saleschat-kit/react';
import { saleschatHandlers, type SaleschatScenario } from '@saleschat-kit/react/testing';
import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { SetupServer } from 'msw/node';
import type { ReactNode } from 'react';
import { SaleschatToaster } from '../saleschat-toaster';
import './jsdomPointerCapture';

/**
 * Renders `ui` as a host page would: inside a SaleschatProvider (no retries) beside the toaster,
 * with `server` answering as `scenario`. `rerender` keeps the same provider around the new tree.
 */
export function renderKit(
  server: SetupServer,
  ui: ReactNode,
  scenario: SaleschatScenario = 'success',
) {
  server.use(...saleschatHandlers(scenario));
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  const wrap = (children: ReactNode) => (
    <SaleschatProvider baseUrl="/api/saleschat" queryClient={queryClient}>
      {children}
      <SaleschatToaster />
    </SaleschatProvider>
  );
  const result = render(wrap(ui));
  return { rerender: (next: ReactNode) => result.rerender(wrap(next)) };
}
