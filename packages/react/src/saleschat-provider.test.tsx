import '@testing-library/jest-dom/vitest';
import { createSaleschatClient, type SaleschatEvent } from '@saleschat-kit/core';
import {
  QueryClient,
  QueryClientProvider,
  focusManager,
  useQueryClient,
} from '@tanstack/react-query';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { SaleschatProvider, useOpenChat, useSaleschatMe } from './index';
import { saleschatHandlers } from './testing';
import { setupHookTests } from './test/hookTestSetup';

const server = setupHookTests();

const noRetries = { defaultOptions: { queries: { retry: false }, mutations: { retry: false } } };

/** Shows whether /me answered, and hands out the QueryClient its subtree sees. */
function Me({ onClient }: { onClient?: (client: QueryClient) => void }) {
  const { status, linked } = useSaleschatMe();
  const queryClient = useQueryClient();
  onClient?.(queryClient);
  return <p role="status">{`${status} ${String(linked)}`}</p>;
}

describe('SaleschatProvider', () => {
  it('sends the token getToken gives as a bearer (for saleschat-kit serve)', async () => {
    const authorizations: (string | null)[] = [];
    server.use(
      http.get('*/api/saleschat/me', ({ request }) => {
        authorizations.push(request.headers.get('Authorization'));
        return HttpResponse.json({ crmUserId: 'crm-user-1', linked: true });
      }),
    );
    render(
      <SaleschatProvider
        queryClient={new QueryClient(noRetries)}
        getToken={async () => 'host-minted-token'}
      >
        <Me />
      </SaleschatProvider>,
    );
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent(/success|error/), {
      timeout: 5000,
    });
    expect(authorizations).toEqual(['Bearer host-minted-token']);
    expect(screen.getByRole('status')).toHaveTextContent('success true');
  });

  it("uses the host's QueryClient when inside a QueryClientProvider", async () => {
    server.use(...saleschatHandlers('success'));
    const host = new QueryClient(noRetries);
    const seen = new Set<QueryClient>();
    render(
      <QueryClientProvider client={host}>
        <SaleschatProvider>
          <Me onClient={(client) => seen.add(client)} />
        </SaleschatProvider>
      </QueryClientProvider>,
    );
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('success true'));
    expect([...seen]).toEqual([host]);
    expect(host.getQueryData(['saleschat', 'me'])).toEqual({
      crmUserId: 'crm-user-1',
      linked: true,
    });
  });

  it('uses the QueryClient it is given', async () => {
    server.use(...saleschatHandlers('notLinked'));
    const given = new QueryClient(noRetries);
    render(
      <SaleschatProvider queryClient={given}>
        <Me />
      </SaleschatProvider>,
    );
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('success false'));
    expect(given.getQueryData(['saleschat', 'me'])).toEqual({
      crmUserId: 'crm-user-1',
      linked: false,
    });
  });

  it('creates one QueryClient of its own, once, when the app has none', async () => {
    server.use(...saleschatHandlers('success'));
    const seen = new Set<QueryClient>();
    const { rerender } = render(
      <SaleschatProvider>
        <Me onClient={(client) => seen.add(client)} />
      </SaleschatProvider>,
    );
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('success true'));
    rerender(
      <SaleschatProvider>
        <Me onClient={(client) => seen.add(client)} />
      </SaleschatProvider>,
    );
    expect(seen.size).toBe(1);
    // Its own client is mounted like any provided one, and unmounted with it.
    expect(focusManager.hasListeners()).toBe(true);
    cleanup();
    expect(focusManager.hasListeners()).toBe(false);
  });

  it('calls the proxy at the given baseUrl', async () => {
    server.use(...saleschatHandlers('success', { baseUrl: '/crm/sc' }));
    render(
      <SaleschatProvider baseUrl="/crm/sc" queryClient={new QueryClient(noRetries)}>
        <Me />
      </SaleschatProvider>,
    );
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('success true'));
  });

  it('uses the client it is given', async () => {
    server.use(...saleschatHandlers('success'));
    const sent: string[] = [];
    const client = createSaleschatClient({
      baseUrl: '/api/saleschat',
      headers: { 'X-Tenant': 'acme' },
      fetch: (input, init) => {
        sent.push(new Headers(init?.headers).get('X-Tenant') ?? 'none');
        return fetch(input, init);
      },
    });
    render(
      <SaleschatProvider client={client} queryClient={new QueryClient(noRetries)}>
        <Me />
      </SaleschatProvider>,
    );
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('success true'));
    expect(sent).toEqual(['acme']);
  });

  it('reports every call to onEvent until it unmounts', async () => {
    server.use(...saleschatHandlers('LEAD_NOT_FOUND'));
    const events: string[] = [];
    const client = createSaleschatClient({ baseUrl: '/api/saleschat' });
    const onEvent = (event: SaleschatEvent) =>
      events.push(`${event.operation} ${event.type} ${event.error?.code ?? ''}`.trim());
    function ChatButton() {
      const { openChat } = useOpenChat();
      return <button onClick={() => openChat('lead-1')}>Chat</button>;
    }
    render(
      <SaleschatProvider client={client} onEvent={onEvent} queryClient={new QueryClient(noRetries)}>
        <ChatButton />
      </SaleschatProvider>,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Chat' }));
    await waitFor(() => expect(events).toEqual(['chat start', 'chat error LEAD_NOT_FOUND']));

    cleanup();
    await client.openChat({ crmCustomerId: 'lead-1' }).catch(() => {});
    expect(events).toHaveLength(2);
  });
});
