import '@testing-library/jest-dom/vitest';
import { ERROR_STATUS, PROXY_ERROR_CODES, SaleschatError } from '@saleschat-kit/core';
import { QueryClient } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { StrictMode } from 'react';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { useSaleschatLogin, type SaleschatLoginOptions } from './index';
import {
  TEST_MAGIC_LINK,
  blockPopups,
  saleschatHandlers,
  type SaleschatHandlersOptions,
  type SaleschatScenario,
} from './testing';
import {
  holdRequests,
  quietRenderErrors,
  renderWithProvider,
  setupHookTests,
} from './test/hookTestSetup';

const server = setupHookTests();

/** Answers as `scenario`; returns a log of the POST /login calls that reached the proxy. */
function serve(scenario: SaleschatScenario, options?: SaleschatHandlersOptions) {
  const sent: string[] = [];
  server.use(
    http.post('/api/saleschat/login', () => {
      sent.push('POST /login');
    }),
    ...saleschatHandlers(scenario, options),
  );
  return sent;
}

/**
 * The browser's `window.open`, faked: records what was opened, and where each tab went. Core
 * reuses a tab it opened until the user closes it, so every tab is closed when the test ends.
 */
function fakeWindowOpen() {
  const log: string[] = [];
  const tabs: { closed: boolean }[] = [];
  onTestFinished(() => tabs.forEach((tab) => (tab.closed = true)));
  vi.spyOn(window, 'open').mockImplementation((url, name) => {
    log.push(`open ${String(url) || '(blank)'} as ${String(name)}`);
    const tab = {
      closed: false,
      opener: window,
      location: { replace: (to: string) => log.push(`navigate ${to}`) },
      close: () => {
        tab.closed = true;
        log.push('close');
      },
      focus: () => {},
    };
    tabs.push(tab);
    return tab as unknown as Window;
  });
  return log;
}

function LoginButton({ options }: { options?: SaleschatLoginOptions }) {
  const { login, prefetch, status, error, data, reset } = useSaleschatLogin(options);
  return (
    <>
      <p role="status">
        {[
          status,
          data?.url,
          error instanceof SaleschatError && `SaleschatError ${error.code} ${error.status}`,
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      <button onClick={login} onPointerEnter={prefetch} onFocus={prefetch}>
        Open Saleschat
      </button>
      {error?.url && <a href={error.url}>Continue to Saleschat</a>}
      <button onClick={reset}>Dismiss</button>
    </>
  );
}

const status = () => screen.getByRole('status');
const loginButton = () => screen.getByRole('button', { name: 'Open Saleschat' });

describe('useSaleschatLogin', () => {
  it('opens a blank tab inside the click, then points it at the magic link', async () => {
    const tabs = fakeWindowOpen();
    serve('success');
    const release = holdRequests(server);
    renderWithProvider(<LoginButton />);
    expect(status()).toHaveTextContent(/^idle$/);

    await userEvent.click(loginButton());
    // Still waiting for the proxy, yet the tab is already open: the popup blocker saw the click.
    expect(status()).toHaveTextContent(/^pending$/);
    expect(tabs).toEqual(['open (blank) as saleschat']);

    release();
    await waitFor(() => expect(status()).toHaveTextContent(`success · ${TEST_MAGIC_LINK}`));
    expect(tabs).toEqual(['open (blank) as saleschat', `navigate ${TEST_MAGIC_LINK}`]);
  });

  it('opens the tab under the given tabName', async () => {
    const tabs = fakeWindowOpen();
    serve('success');
    renderWithProvider(<LoginButton options={{ tabName: 'crm-saleschat' }} />);
    await userEvent.click(loginButton());
    await waitFor(() => expect(status()).toHaveTextContent(/^success/));
    expect(tabs[0]).toMatch(/^open .* as crm-saleschat$/);
  });

  it('ends in POPUP_BLOCKED with the link to offer when the browser blocks the tab', async () => {
    serve('success');
    const unblock = blockPopups(window);
    try {
      renderWithProvider(<LoginButton />);
      await userEvent.click(loginButton());
      await waitFor(() =>
        expect(status()).toHaveTextContent('error · SaleschatError POPUP_BLOCKED 0'),
      );
      expect(screen.getByRole('link', { name: 'Continue to Saleschat' })).toHaveAttribute(
        'href',
        TEST_MAGIC_LINK,
      );
    } finally {
      unblock();
    }
  });

  it.each(PROXY_ERROR_CODES)(
    'turns %s into a SaleschatError and closes the blank tab',
    async (code) => {
      const tabs = fakeWindowOpen();
      serve(code);
      renderWithProvider(<LoginButton />);
      await userEvent.click(loginButton());
      await waitFor(() =>
        expect(status()).toHaveTextContent(`error · SaleschatError ${code} ${ERROR_STATUS[code]}`),
      );
      expect(tabs).toEqual(['open (blank) as saleschat', 'close']);
    },
  );

  it('goes back to idle on reset', async () => {
    fakeWindowOpen();
    serve('UNAUTHENTICATED');
    renderWithProvider(<LoginButton />);
    await userEvent.click(loginButton());
    await waitFor(() => expect(status()).toHaveTextContent(/^error/));
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(status()).toHaveTextContent(/^idle$/);
  });

  it('navigates straight to a prefetched link without a second request', async () => {
    const tabs = fakeWindowOpen();
    const sent = serve('success');
    renderWithProvider(<LoginButton />);

    await userEvent.hover(loginButton());
    await waitFor(() => expect(sent).toEqual(['POST /login']));
    await userEvent.click(loginButton());

    await waitFor(() => expect(status()).toHaveTextContent(`success · ${TEST_MAGIC_LINK}`));
    expect(tabs).toEqual([`open ${TEST_MAGIC_LINK} as saleschat`]);
    expect(sent).toEqual(['POST /login']);
  });

  it('shares the request of a prefetch still in flight with the click', async () => {
    const tabs = fakeWindowOpen();
    const sent = serve('success');
    const release = holdRequests(server);
    renderWithProvider(<LoginButton />);

    await userEvent.hover(loginButton());
    await userEvent.click(loginButton());
    release();

    await waitFor(() => expect(status()).toHaveTextContent(/^success/));
    expect(tabs).toEqual(['open (blank) as saleschat', `navigate ${TEST_MAGIC_LINK}`]);
    expect(sent).toEqual(['POST /login']);
  });

  it.each([
    ['has expired', -60_000],
    ['expires within seconds', 5_000],
  ])('never uses a prefetched link that %s', async (_, linkExpiresInMs) => {
    const tabs = fakeWindowOpen();
    const sent = serve('success', { linkExpiresInMs });
    renderWithProvider(<LoginButton />);

    await userEvent.hover(loginButton());
    await waitFor(() => expect(sent).toHaveLength(1));
    await userEvent.click(loginButton());

    await waitFor(() => expect(status()).toHaveTextContent(/^success/));
    // Focus on click prefetches again; neither link is usable, so the click fetches its own.
    expect(sent.length).toBeGreaterThan(1);
    expect(tabs).toEqual(['open (blank) as saleschat', `navigate ${TEST_MAGIC_LINK}`]);
  });

  it('never uses an expired link, even when the host keeps queries fresh forever', async () => {
    const tabs = fakeWindowOpen();
    const sent = serve('success', { linkExpiresInMs: -60_000 });
    const host = new QueryClient({
      defaultOptions: { queries: { retry: false, staleTime: Infinity } },
    });
    renderWithProvider(<LoginButton />, host);

    await userEvent.hover(loginButton());
    await waitFor(() => expect(sent).toHaveLength(1));
    await userEvent.click(loginButton());

    await waitFor(() => expect(status()).toHaveTextContent(/^success/));
    expect(sent.length).toBeGreaterThan(1);
    expect(tabs).toEqual(['open (blank) as saleschat', `navigate ${TEST_MAGIC_LINK}`]);
  });

  it('sends one request for a double click', async () => {
    fakeWindowOpen();
    const sent = serve('success');
    const release = holdRequests(server);
    renderWithProvider(<LoginButton />);
    await userEvent.dblClick(loginButton());
    release();
    await waitFor(() => expect(status()).toHaveTextContent(/^success/));
    expect(sent).toEqual(['POST /login']);
  });

  it('sends one request per click under StrictMode', async () => {
    fakeWindowOpen();
    const sent = serve('success');
    renderWithProvider(
      <StrictMode>
        <LoginButton />
      </StrictMode>,
    );
    await userEvent.click(loginButton());
    await waitFor(() => expect(status()).toHaveTextContent(/^success/));
    expect(sent).toEqual(['POST /login']);
  });

  it('calls onSuccess with the link and onError with the failure', async () => {
    fakeWindowOpen();
    const seen: string[] = [];
    const options: SaleschatLoginOptions = {
      onSuccess: (data) => seen.push(`success ${data.url}`),
      onError: (error) => seen.push(`error ${error.code}`),
    };
    serve('USER_NOT_LINKED');
    renderWithProvider(<LoginButton options={options} />);
    await userEvent.click(loginButton());
    await waitFor(() => expect(seen).toEqual(['error USER_NOT_LINKED']));

    serve('success');
    await userEvent.click(loginButton());
    await waitFor(() =>
      expect(seen).toEqual(['error USER_NOT_LINKED', `success ${TEST_MAGIC_LINK}`]),
    );
  });

  it('names itself and the fix when used outside <SaleschatProvider>', () => {
    quietRenderErrors();
    expect(() => render(<LoginButton />)).toThrow(
      'useSaleschatLogin() must be called inside <SaleschatProvider>.',
    );
  });
});
