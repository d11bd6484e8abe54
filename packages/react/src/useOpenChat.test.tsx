import '@testing-library/jest-dom/vitest';
import { ERROR_STATUS, PROXY_ERROR_CODES, SaleschatError } from '@saleschat-kit/core';
import { QueryClient, focusManager } from '@tanstack/react-query';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { Component, StrictMode, type ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { useOpenChat, type OpenChatOptions } from './index';
import { saleschatHandlers, type SaleschatScenario } from './testing';
import {
  holdRequests,
  quietRenderErrors,
  renderWithProvider,
  setupHookTests,
} from './test/hookTestSetup';

const server = setupHookTests();

/** Answers as `scenario`; returns the crmCustomerId of every POST /chat that reached the proxy. */
function serve(scenario: SaleschatScenario) {
  const sent: string[] = [];
  server.use(
    http.post('/api/saleschat/chat', async ({ request }) => {
      sent.push(((await request.clone().json()) as { crmCustomerId: string }).crmCustomerId);
    }),
    ...saleschatHandlers(scenario),
  );
  return sent;
}

/** Holds the POST /chat for one lead until the returned function is called. */
function holdChat(crmCustomerId: string) {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  server.use(
    http.post('/api/saleschat/chat', async ({ request }) => {
      const body = (await request.clone().json()) as { crmCustomerId: string };
      if (body.crmCustomerId === crmCustomerId) await held;
    }),
  );
  return release;
}

function Leads({ ids = ['lead-1'], options }: { ids?: string[]; options?: OpenChatOptions }) {
  const chat = useOpenChat(options);
  const { error, data } = chat;
  return (
    <>
      <p role="status">
        {[
          chat.status,
          chat.variables,
          data && `${data.chatroomName} ${data.contact} ${data.assignment}`,
          error instanceof SaleschatError &&
            `SaleschatError ${error.code} ${error.status} ${error.saleschat?.code ?? '-'} ${error.retryAfterMs ?? '-'}`,
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {ids.map((id) => (
        <button key={id} aria-busy={chat.isPendingFor(id)} onClick={() => chat.openChat(id)}>
          Chat with {id}
        </button>
      ))}
      <button onClick={chat.reset}>Dismiss</button>
    </>
  );
}

const status = () => screen.getByRole('status');
const chatButton = (id = 'lead-1') => screen.getByRole('button', { name: `Chat with ${id}` });

describe('useOpenChat', () => {
  it('goes idle → pending → success and shows what happened', async () => {
    const sent = serve('success');
    const release = holdRequests(server);
    renderWithProvider(<Leads />);
    expect(status()).toHaveTextContent(/^idle$/);

    await userEvent.click(chatButton());
    expect(status()).toHaveTextContent(/^pending · lead-1$/);

    release();
    await waitFor(() =>
      expect(status()).toHaveTextContent('success · lead-1 · lead-1 Ada Lovelace created assigned'),
    );
    expect(sent).toEqual(['lead-1']);
  });

  it.each([
    ['existing', 'existing assigned'],
    ['reassigned', 'existing reassigned'],
    ['unchanged', 'existing unchanged'],
  ] as const)('reports the %s outcome', async (scenario, outcome) => {
    serve(scenario);
    renderWithProvider(<Leads />);
    await userEvent.click(chatButton());
    await waitFor(() =>
      expect(status()).toHaveTextContent(`success · lead-1 · lead-1 Ada Lovelace ${outcome}`),
    );
  });

  it('goes idle → pending → error, and back to idle on reset', async () => {
    serve('LEAD_NOT_FOUND');
    const release = holdRequests(server);
    renderWithProvider(<Leads />);
    await userEvent.click(chatButton());
    expect(status()).toHaveTextContent(/^pending/);
    release();
    await waitFor(() =>
      expect(status()).toHaveTextContent(/^error · lead-1 · SaleschatError LEAD_NOT_FOUND/),
    );

    await userEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(status()).toHaveTextContent(/^idle$/);
  });

  it('goes from error to pending to success when the user tries again', async () => {
    serve('SALESCHAT_UNAVAILABLE');
    renderWithProvider(<Leads />);
    await userEvent.click(chatButton());
    await waitFor(() => expect(status()).toHaveTextContent(/^error/));

    serve('success');
    const release = holdRequests(server);
    await userEvent.click(chatButton());
    expect(status()).toHaveTextContent(/^pending/);
    release();
    await waitFor(() => expect(status()).toHaveTextContent(/^success/));
  });

  it.each(PROXY_ERROR_CODES)('turns %s into a SaleschatError in `error`', async (code) => {
    serve(code);
    renderWithProvider(<Leads />);
    await userEvent.click(chatButton());
    const upstream = code === 'SALESCHAT_ERROR' ? '4090001' : '-';
    const retry = code === 'RATE_LIMITED' ? '7000' : '-';
    await waitFor(() =>
      expect(status()).toHaveTextContent(
        // INVALID_INPUT here comes from the proxy: the id itself is valid.
        `error · lead-1 · SaleschatError ${code} ${ERROR_STATUS[code]} ${upstream} ${retry}`,
      ),
    );
  });

  it('turns a network failure into a NETWORK SaleschatError', async () => {
    server.use(http.post('/api/saleschat/chat', () => HttpResponse.error()));
    renderWithProvider(<Leads />);
    await userEvent.click(chatButton());
    await waitFor(() => expect(status()).toHaveTextContent('SaleschatError NETWORK 0'));
  });

  it('refuses a blank crmCustomerId with INVALID_INPUT without sending anything', async () => {
    const sent = serve('success');
    renderWithProvider(<Leads ids={['  ']} />);
    await userEvent.click(screen.getByRole('button', { name: /^Chat with/ }));
    await waitFor(() => expect(status()).toHaveTextContent('SaleschatError INVALID_INPUT 400'));
    expect(sent).toEqual([]);
  });

  it("never repeats a failed /chat, whatever the host's retry default", async () => {
    const sent = serve('SALESCHAT_UNAVAILABLE');
    const host = new QueryClient({ defaultOptions: { mutations: { retry: 3, retryDelay: 0 } } });
    renderWithProvider(<Leads />, host);
    await userEvent.click(chatButton());
    await waitFor(() => expect(status()).toHaveTextContent(/^error/));
    expect(sent).toEqual(['lead-1']);
  });

  it('sends one request for a double click', async () => {
    const sent = serve('success');
    const release = holdRequests(server);
    renderWithProvider(<Leads />);
    await userEvent.dblClick(chatButton());
    await userEvent.click(chatButton());
    release();
    await waitFor(() => expect(status()).toHaveTextContent(/^success/));
    expect(sent).toEqual(['lead-1']);
  });

  it('marks only the clicked rows of a list pending', async () => {
    const sent = serve('success');
    const releaseLead2 = holdChat('lead-2');
    const releaseLead3 = holdChat('lead-3');
    renderWithProvider(<Leads ids={['lead-1', 'lead-2', 'lead-3']} />);

    await userEvent.click(chatButton('lead-2'));
    expect(chatButton('lead-1')).toHaveAttribute('aria-busy', 'false');
    expect(chatButton('lead-2')).toHaveAttribute('aria-busy', 'true');
    expect(chatButton('lead-3')).toHaveAttribute('aria-busy', 'false');

    await userEvent.click(chatButton('lead-3'));
    expect(chatButton('lead-2')).toHaveAttribute('aria-busy', 'true');
    expect(chatButton('lead-3')).toHaveAttribute('aria-busy', 'true');
    expect(status()).toHaveTextContent(/^pending · lead-3$/);

    // The earlier lead finishes while the latest is still under way.
    releaseLead2();
    await waitFor(() => expect(chatButton('lead-2')).toHaveAttribute('aria-busy', 'false'));
    expect(chatButton('lead-3')).toHaveAttribute('aria-busy', 'true');
    expect(status()).toHaveTextContent(/^pending · lead-3$/);

    releaseLead3();
    await waitFor(() => expect(chatButton('lead-3')).toHaveAttribute('aria-busy', 'false'));
    expect(status()).toHaveTextContent(/^success · lead-3/);
    expect(sent).toEqual(['lead-2', 'lead-3']);
  });

  it('calls onSuccess, onError and onSettled with the lead', async () => {
    serve('success');
    const seen: string[] = [];
    const options: OpenChatOptions = {
      onSuccess: (data, id) => seen.push(`success ${id} ${data.contactId}`),
      onError: (error, id) => seen.push(`error ${id} ${error.code}`),
      onSettled: (data, error, id) => seen.push(`settled ${id} ${data?.contact} ${error?.code}`),
    };
    renderWithProvider(<Leads options={options} />);
    await userEvent.click(chatButton());
    await waitFor(() => expect(seen).toHaveLength(2));

    serve('FORBIDDEN');
    await userEvent.click(chatButton());
    await waitFor(() => expect(seen).toHaveLength(4));
    expect(seen).toEqual([
      'success lead-1 contact-lead-1',
      'settled lead-1 created undefined',
      'error lead-1 FORBIDDEN',
      'settled lead-1 undefined FORBIDDEN',
    ]);
  });

  it('throws to the nearest error boundary only when throwOnError is set', async () => {
    serve('LEAD_NOT_FOUND');
    quietRenderErrors();
    renderWithProvider(
      <Boundary>
        <Leads options={{ throwOnError: true }} />
      </Boundary>,
    );
    await userEvent.click(chatButton());
    expect(await screen.findByRole('alert')).toHaveTextContent('SaleschatError LEAD_NOT_FOUND');
  });

  it('sends one request per click under StrictMode', async () => {
    const sent = serve('success');
    renderWithProvider(
      <StrictMode>
        <Leads />
      </StrictMode>,
    );
    await userEvent.click(chatButton());
    await waitFor(() => expect(status()).toHaveTextContent(/^success/));
    expect(sent).toEqual(['lead-1']);
  });

  it('neither warns nor keeps subscriptions when unmounted while pending', async () => {
    serve('success');
    const release = holdRequests(server);
    const consoleError = vi.spyOn(console, 'error');
    const queryClient = renderWithProvider(<Leads />);
    await userEvent.click(chatButton());
    expect(status()).toHaveTextContent(/^pending/);

    cleanup();
    release();
    const [mutation] = queryClient.getMutationCache().getAll();
    await waitFor(() => expect(mutation?.state.status).toBe('success'));
    expect(consoleError).not.toHaveBeenCalled();
    expect(queryClient.getMutationCache().hasListeners()).toBe(false);
    expect(focusManager.hasListeners()).toBe(false);
  });

  it('names itself and the fix when used outside <SaleschatProvider>', () => {
    quietRenderErrors();
    render(
      <Boundary>
        <Leads />
      </Boundary>,
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Error: useOpenChat() must be called inside <SaleschatProvider>.',
    );
  });
});

/** Shows what was thrown during render, as a host's error boundary would. */
class Boundary extends Component<{ children: ReactNode }, { error?: unknown }> {
  override state: { error?: unknown } = {};
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <p role="alert">
        {error instanceof SaleschatError ? `SaleschatError ${error.code}` : String(error)}
      </p>
    );
  }
}
