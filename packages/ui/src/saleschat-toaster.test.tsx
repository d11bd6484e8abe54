import '@testing-library/jest-dom/vitest';
import { SaleschatError } from '@saleschat-kit/core';
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
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fr } from './locales/fr';
import { SaleschatMessagesProvider } from './saleschat-messages-provider';
import { SaleschatToaster } from './saleschat-toaster';
import { SaleschatThemeProvider } from './theme';
import { createToastStore } from './toastStore';
import './test/jsdomPointerCapture';
import { whenClickable } from './test/whenClickable';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  document.documentElement.removeAttribute('dir');
});

const refused = new SaleschatError({
  code: 'SALESCHAT_ERROR',
  saleschat: { code: 4090001, message: 'UQ_CONSTRAINT_FAILED' },
  requestId: 'req-7f3a',
});

describe('SaleschatToaster', () => {
  it('has its live regions before the first toast, then announces it', () => {
    const store = createToastStore();
    render(<SaleschatToaster store={store} />);
    expect(screen.getByRole('status')).toBeEmptyDOMElement();
    expect(screen.getByRole('alert')).toBeEmptyDOMElement();

    act(() => void store.show({ kind: 'login' }));
    expect(screen.getByRole('status')).toHaveTextContent('Saleschat opened in its tab');
    const region = screen.getByRole('region', { name: 'Saleschat notifications (F8)' });
    expect(within(region).getByRole('listitem')).toHaveTextContent('Saleschat opened in its tab');
  });

  it('says what a chat call did', () => {
    const store = createToastStore();
    render(<SaleschatToaster store={store} />);
    act(() => {
      store.show({
        kind: 'chat',
        name: 'Ada Lovelace',
        contact: 'existing',
        assignment: 'reassigned',
      });
    });
    expect(screen.getByRole('listitem')).toHaveTextContent(
      'Chat with Ada Lovelace ready — existing contact, reassigned to you',
    );
  });

  it("shows Saleschat's refusal and a request id that copies to the clipboard", async () => {
    const user = userEvent.setup();
    const store = createToastStore();
    render(<SaleschatToaster store={store} />);
    act(() => void store.show({ kind: 'error', error: refused }));

    const toast = screen.getByRole('listitem');
    expect(toast).toHaveTextContent('Saleschat refused the request.');
    expect(toast).toHaveTextContent('4090001 · UQ_CONSTRAINT_FAILED');
    expect(toast).toHaveTextContent('Request id req-7f3a');
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Saleschat refused the request. 4090001 · UQ_CONSTRAINT_FAILED',
    );

    await user.click(
      await whenClickable(within(toast).getByRole('button', { name: 'Copy request id' })),
    );
    expect(await navigator.clipboard.readText()).toBe('req-7f3a');
    expect(within(toast).getByRole('button', { name: 'Request id copied' })).toBeInTheDocument();
  });

  it('says when to retry a rate-limited call and offers Retry once the wait is over', async () => {
    const user = userEvent.setup();
    const store = createToastStore();
    const retry = vi.fn();
    render(<SaleschatToaster store={store} />);
    const error = new SaleschatError({ code: 'RATE_LIMITED', retryAfterMs: 300, requestId: 'r1' });
    act(() => void store.show({ kind: 'error', error, retry }));

    const toast = screen.getByRole('listitem');
    expect(toast).toHaveTextContent('Too many requests to Saleschat.');
    expect(toast).toHaveTextContent('Try again in 1 s.');
    expect(within(toast).queryByRole('button', { name: 'Retry' })).not.toBeInTheDocument();

    await user.click(
      await whenClickable(
        await within(toast).findByRole('button', { name: 'Retry' }, { timeout: 2000 }),
      ),
    );
    expect(retry).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('listitem')).not.toBeInTheDocument();
  });

  it.each(['NETWORK', 'TIMEOUT', 'SALESCHAT_UNAVAILABLE'] as const)(
    'offers Retry at once for %s',
    (code) => {
      const store = createToastStore();
      render(<SaleschatToaster store={store} />);
      act(
        () => void store.show({ kind: 'error', error: new SaleschatError({ code }), retry() {} }),
      );
      expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
    },
  );

  it('offers no Retry where trying again cannot help', () => {
    const store = createToastStore();
    render(<SaleschatToaster store={store} />);
    const error = new SaleschatError({ code: 'LEAD_NOT_FOUND', requestId: 'r2' });
    act(() => void store.show({ kind: 'error', error, retry() {} }));
    expect(screen.getByRole('listitem')).toHaveTextContent('This lead was not found in the CRM.');
    expect(screen.queryByRole('button', { name: 'Retry' })).not.toBeInTheDocument();
  });

  it('offers a link that opens the blocked Saleschat tab when clicked', () => {
    const tab = { closed: false, opener: {}, focus() {}, close() {}, location: { replace() {} } };
    const open = vi.spyOn(window, 'open').mockReturnValue(tab as unknown as Window);
    const store = createToastStore();
    render(<SaleschatToaster store={store} />);
    const url = 'https://app.saleschat.example/magic/abc';
    const error = new SaleschatError({ code: 'POPUP_BLOCKED', url });
    act(() => void store.show({ kind: 'error', error, tabName: 'crm-saleschat' }));

    expect(screen.getByRole('listitem')).toHaveTextContent(
      'Your browser blocked the Saleschat tab.Open it with the link instead.',
    );
    const link = screen.getByRole('link', { name: 'Open Saleschat' });
    expect(link).toHaveAttribute('href', url);
    const click = createEvent.click(link);
    fireEvent(link, click);
    // Opened by the kit in the named tab; the CRM page itself does not navigate.
    expect(open).toHaveBeenCalledWith(url, 'crm-saleschat');
    expect(click.defaultPrevented).toBe(true);
    expect(screen.queryByRole('listitem')).not.toBeInTheDocument();
  });

  it('closes a toast with its Dismiss button', async () => {
    const user = userEvent.setup();
    const store = createToastStore();
    render(<SaleschatToaster store={store} />);
    act(() => void store.show({ kind: 'error', error: refused }));
    await user.click(await whenClickable(screen.getByRole('button', { name: 'Dismiss' })));
    expect(screen.queryByRole('listitem')).not.toBeInTheDocument();
    expect(store.getSnapshot()).toEqual([]);
  });

  it('closes a success toast by itself and keeps an error toast', async () => {
    const store = createToastStore();
    render(<SaleschatToaster store={store} duration={100} />);
    act(() => {
      store.show({ kind: 'error', error: refused });
      store.show({ kind: 'login' });
    });
    expect(screen.getAllByRole('listitem')).toHaveLength(2);
    await vi.waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(1));
    expect(screen.getByRole('listitem')).toHaveTextContent('Saleschat refused the request.');
    expect(store.getSnapshot().map((toast) => toast.kind)).toEqual(['error']);
  });

  it("speaks the host's catalogue", () => {
    const store = createToastStore();
    render(
      <SaleschatMessagesProvider messages={fr}>
        <SaleschatToaster store={store} />
      </SaleschatMessagesProvider>,
    );
    act(() => {
      store.show({ kind: 'chat', name: 'Ada', contact: 'created', assignment: 'assigned' });
    });
    expect(
      screen.getByRole('region', { name: 'Notifications Saleschat (F8)' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent(
      'Discussion avec Ada prête — contact créé, vous est attribuée',
    );
  });

  it("follows the document's direction and takes a forced theme", () => {
    document.documentElement.dir = 'rtl';
    const store = createToastStore();
    render(<SaleschatToaster store={store} theme="dark" />);
    act(() => void store.show({ kind: 'login' }));
    const wrapper = screen.getByRole('region').parentElement;
    expect(wrapper).toHaveAttribute('dir', 'rtl');
    expect(wrapper).toHaveAttribute('data-sc-theme', 'dark');
    expect(screen.getByRole('listitem')).toHaveAttribute('data-swipe-direction', 'left');
  });

  it("is light unless the host chooses: the theme provider's, or its own prop", () => {
    const store = createToastStore();
    const { rerender } = render(<SaleschatToaster store={store} />);
    const wrapper = () => screen.getByRole('region').parentElement;
    expect(wrapper()).toHaveAttribute('data-sc-theme', 'light');
    rerender(
      <SaleschatThemeProvider theme="system">
        <SaleschatToaster store={store} />
      </SaleschatThemeProvider>,
    );
    expect(wrapper()).toHaveAttribute('data-sc-theme', 'system');
    rerender(
      <SaleschatThemeProvider theme="system">
        <SaleschatToaster store={store} theme="dark" />
      </SaleschatThemeProvider>,
    );
    expect(wrapper()).toHaveAttribute('data-sc-theme', 'dark');
  });

  it('injects no stylesheet and has no axe violations', async () => {
    const store = createToastStore();
    render(<SaleschatToaster store={store} />);
    act(() => {
      store.show({ kind: 'login' });
      store.show({ kind: 'error', error: refused, retry() {} });
    });
    expect(document.querySelectorAll('style, link[rel="stylesheet"]')).toHaveLength(0);
    const { violations } = await axe.run(document.body);
    expect(violations.map((violation) => violation.id)).toEqual([]);
  });
});
