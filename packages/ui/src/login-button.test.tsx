import '@testing-library/jest-dom/vitest';
import { SaleschatProvider } from '@saleschat-kit/react';
import { TEST_MAGIC_LINK, blockPopups, saleschatHandlers } from '@saleschat-kit/react/testing';
import { QueryClient } from '@tanstack/react-query';
import {
  act,
  cleanup,
  createEvent,
  fireEvent,
  render,
  screen,
  within,
} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { setupServer } from 'msw/node';
import { createRef } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { LoginButton } from './login-button';
import { fr } from './locales/fr';
import { SaleschatMessagesProvider } from './saleschat-messages-provider';
import { saleschatToasts } from './toastStore';
import { renderKit } from './test/renderKit';
import { whenClickable } from './test/whenClickable';

const server = setupServer();
/** Every request that reached the fake proxy, as `METHOD /path`. */
const sent: string[] = [];
server.events.on('request:start', ({ request }) => {
  sent.push(`${request.method} ${new URL(request.url).pathname}`);
});
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
  vi.restoreAllMocks();
  act(() => saleschatToasts.clear());
  sent.length = 0;
});
afterAll(() => server.close());

/**
 * The browser's tabs, faked: records where each Saleschat tab was sent. The user closes them
 * when the test ends, so the next test's click opens a tab again.
 */
function fakeTabs() {
  const tabs: string[] = [];
  vi.spyOn(window, 'open').mockImplementation((url, name) => {
    const tab = {
      closed: false,
      opener: window,
      focus() {},
      close() {},
      location: { replace: (next: string) => tabs.push(`${String(name)} → ${next}`) },
    };
    onTestFinished(() => {
      tab.closed = true;
    });
    if (url) tab.location.replace(String(url));
    return tab as unknown as Window;
  });
  return tabs;
}

const toast = () =>
  within(screen.getByRole('region', { name: /notifications/i })).getByRole('listitem');

describe('LoginButton', () => {
  it('is a real button named "Open Saleschat", idle, medium and solid by default', () => {
    renderKit(server, <LoginButton />);
    const button = screen.getByRole('button', { name: 'Open Saleschat' });
    expect(button.tagName).toBe('BUTTON');
    expect(button).toHaveAttribute('type', 'button');
    expect(button).toHaveAttribute('data-state', 'idle');
    expect(button).toHaveAttribute('data-size', 'md');
    expect(button).toHaveAttribute('data-variant', 'solid');
    expect(button).toHaveClass('sc-btn');
    expect(button).not.toHaveAttribute('aria-busy');
  });

  it('opens Saleschat in its tab and says so', async () => {
    const user = userEvent.setup();
    const tabs = fakeTabs();
    renderKit(server, <LoginButton />);
    const button = screen.getByRole('button', { name: 'Open Saleschat' });
    await user.click(button);
    await vi.waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent('Saleschat opened in its tab'),
    );
    expect(toast()).toHaveTextContent('Saleschat opened in its tab');
    expect(tabs).toEqual([`saleschat → ${TEST_MAGIC_LINK}`]);
    expect(button).toHaveAttribute('data-state', 'success');
  });

  it('opens the tab under the name it is given', async () => {
    const user = userEvent.setup();
    const tabs = fakeTabs();
    renderKit(server, <LoginButton tabName="crm-saleschat" />);
    await user.click(screen.getByRole('button', { name: 'Open Saleschat' }));
    await screen.findByText('Saleschat opened in its tab', { selector: '.sc-toast-title' });
    expect(tabs).toEqual([`crm-saleschat → ${TEST_MAGIC_LINK}`]);
  });

  it('fetches the link on hover, so the click sends nothing more', async () => {
    const user = userEvent.setup();
    const tabs = fakeTabs();
    renderKit(server, <LoginButton />);
    await vi.waitFor(() => expect(sent).toEqual(['GET /api/saleschat/me']));
    await user.hover(screen.getByRole('button', { name: 'Open Saleschat' }));
    await vi.waitFor(() => expect(sent).toContain('POST /api/saleschat/login'));
    await user.click(screen.getByRole('button', { name: 'Open Saleschat' }));
    await screen.findByText('Saleschat opened in its tab', { selector: '.sc-toast-title' });
    expect(sent.filter((line) => line.includes('/login'))).toHaveLength(1);
    // Already known, the link opens straight away: no blank step.
    expect(tabs).toEqual([`saleschat → ${TEST_MAGIC_LINK}`]);
  });

  it('fetches the link on keyboard focus', async () => {
    const user = userEvent.setup();
    renderKit(server, <LoginButton />);
    await user.tab();
    expect(screen.getByRole('button', { name: 'Open Saleschat' })).toHaveFocus();
    await vi.waitFor(() => expect(sent).toContain('POST /api/saleschat/login'));
  });

  it('is busy while the link is on its way, and a second click sends nothing', async () => {
    const user = userEvent.setup();
    fakeTabs();
    renderKit(server, <LoginButton />, 'slow');
    const button = screen.getByRole('button', { name: 'Open Saleschat' });
    await user.click(button);
    expect(button).toHaveAttribute('aria-busy', 'true');
    expect(button).toHaveAttribute('data-state', 'pending');
    await user.click(button);
    expect(sent.filter((line) => line.includes('/login'))).toHaveLength(1);
  });

  it('offers a link to click when the browser blocked the tab', async () => {
    const user = userEvent.setup();
    const undo = blockPopups(window);
    try {
      renderKit(server, <LoginButton />);
      await user.click(screen.getByRole('button', { name: 'Open Saleschat' }));
      await vi.waitFor(() =>
        expect(screen.getByRole('alert')).toHaveTextContent(
          'Your browser blocked the Saleschat tab.',
        ),
      );
      const link = within(toast()).getByRole('link', { name: 'Open Saleschat' });
      expect(link).toHaveAttribute('href', TEST_MAGIC_LINK);
      expect(screen.getByRole('button', { name: 'Open Saleschat' })).toHaveAttribute(
        'data-state',
        'error',
      );
    } finally {
      undo();
    }
  });

  it('is disabled with its reason when the CRM user is not linked, and sends nothing', async () => {
    const user = userEvent.setup();
    renderKit(server, <LoginButton />, 'notLinked');
    const button = screen.getByRole('button', { name: 'Open Saleschat' });
    await vi.waitFor(() => expect(button).toHaveAttribute('aria-disabled', 'true'));
    expect(button).toHaveAccessibleDescription(
      'Your CRM account is not linked to a Saleschat user. Ask an administrator to link it.',
    );
    await user.hover(button);
    expect(await screen.findByRole('tooltip')).toHaveTextContent('not linked');
    await user.click(button);
    expect(sent).toEqual(['GET /api/saleschat/me']);
    expect(screen.queryByRole('listitem')).not.toBeInTheDocument();
  });

  it("takes the host's own reason, and plain `disabled` as a native disabled button", () => {
    renderKit(
      server,
      <>
        <LoginButton disabledReason="Saleschat is off for your team." />
        <LoginButton disabled aria-label="Open Saleschat (off)" />
      </>,
    );
    const withReason = screen.getByRole('button', { name: 'Open Saleschat' });
    expect(withReason).toHaveAttribute('aria-disabled', 'true');
    expect(withReason).toHaveAccessibleDescription('Saleschat is off for your team.');
    expect(screen.getByRole('button', { name: 'Open Saleschat (off)' })).toBeDisabled();
  });

  it('offers Retry when Saleschat is unavailable, and the retry succeeds', async () => {
    const user = userEvent.setup();
    fakeTabs();
    renderKit(server, <LoginButton />, 'SALESCHAT_UNAVAILABLE');
    await user.click(screen.getByRole('button', { name: 'Open Saleschat' }));
    await vi.waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent('Saleschat is not responding right now.'),
    );
    server.resetHandlers(...saleschatHandlers('success'));
    await user.click(await whenClickable(within(toast()).getByRole('button', { name: 'Retry' })));
    await vi.waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent('Saleschat opened in its tab'),
    );
    expect(screen.getAllByRole('listitem')).toHaveLength(1);
  });

  it('keeps its accessible name in the icon-only variant', () => {
    renderKit(server, <LoginButton variant="icon" size="sm" />);
    const button = screen.getByRole('button', { name: 'Open Saleschat' });
    expect(button).toHaveTextContent('');
    expect(button).toHaveAttribute('data-variant', 'icon');
    expect(button).toHaveAttribute('data-size', 'sm');
  });

  it('renders its child with asChild, which logs in instead of navigating', async () => {
    fakeTabs();
    renderKit(
      server,
      <LoginButton asChild className="crm-link">
        <a href="/integrations/saleschat">Saleschat</a>
      </LoginButton>,
    );
    const link = screen.getByRole('link', { name: 'Saleschat' });
    expect(link).toHaveClass('sc-btn', 'crm-link');
    expect(link).toHaveAttribute('data-state', 'idle');
    const click = createEvent.click(link);
    fireEvent(link, click);
    expect(click.defaultPrevented).toBe(true);
    await vi.waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent('Saleschat opened in its tab'),
    );
  });

  it('forwards its ref, passes unknown props and merges its handlers', async () => {
    const user = userEvent.setup();
    const ref = createRef<HTMLButtonElement>();
    const clicks: string[] = [];
    const tabs = fakeTabs();
    renderKit(
      server,
      <LoginButton
        ref={ref}
        data-testid="login"
        title="Saleschat dashboard"
        className="crm-button"
        onClick={(event) => {
          clicks.push('host');
          event.preventDefault();
        }}
      />,
    );
    const button = screen.getByTestId('login');
    expect(ref.current).toBe(button);
    expect(button).toHaveAttribute('title', 'Saleschat dashboard');
    expect(button).toHaveClass('sc-btn', 'crm-button');
    await user.click(button);
    // The host prevented the default: the kit opens no tab (the hover only prefetched).
    expect(clicks).toEqual(['host']);
    expect(tabs).toEqual([]);
    expect(button).toHaveAttribute('data-state', 'idle');
  });

  it('leaves out its classes when unstyled, and its toast when asked', async () => {
    const user = userEvent.setup();
    fakeTabs();
    const seen: string[] = [];
    renderKit(
      server,
      <LoginButton unstyled toast={false} onSuccess={(data) => seen.push(data.url)} />,
    );
    const button = screen.getByRole('button', { name: 'Open Saleschat' });
    expect(button).not.toHaveAttribute('class');
    await user.click(button);
    await vi.waitFor(() => expect(seen).toEqual([TEST_MAGIC_LINK]));
    expect(screen.queryByRole('listitem')).not.toBeInTheDocument();
  });

  it("speaks the host's catalogue", () => {
    server.use(...saleschatHandlers('success'));
    render(
      <SaleschatProvider baseUrl="/api/saleschat" queryClient={new QueryClient()}>
        <SaleschatMessagesProvider messages={fr}>
          <LoginButton />
        </SaleschatMessagesProvider>
      </SaleschatProvider>,
    );
    expect(screen.getByRole('button', { name: 'Ouvrir Saleschat' })).toBeInTheDocument();
  });

  it('injects no stylesheet and has no axe violations, idle or disabled with a toast', async () => {
    const user = userEvent.setup();
    fakeTabs();
    renderKit(
      server,
      <>
        <LoginButton data-testid="enabled" />
        <LoginButton variant="icon" disabledReason="Saleschat is off for your team." />
      </>,
    );
    await user.click(screen.getByTestId('enabled'));
    await screen.findByRole('listitem');
    expect(document.querySelectorAll('style, link[rel="stylesheet"]')).toHaveLength(0);
    const { violations } = await axe.run(document.body);
    expect(violations.map((violation) => violation.id)).toEqual([]);
  });
});
