import '@testing-library/jest-dom/vitest';
import { PROXY_ERROR_CODES, REQUEST_ID_HEADER } from '@saleschat-kit/core';
import { SaleschatProvider } from '@saleschat-kit/react';
import { TEST_MAGIC_LINK, saleschatHandlers } from '@saleschat-kit/react/testing';
import { QueryClient } from '@tanstack/react-query';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { ChatButton } from './chat-button';
import { en } from './en';
import { fr } from './locales/fr';
import { SaleschatMessagesProvider } from './saleschat-messages-provider';
import { SaleschatToaster } from './saleschat-toaster';
import { saleschatToasts } from './toastStore';
import { renderKit } from './test/renderKit';
import { whenClickable } from './test/whenClickable';

const server = setupServer();
/** Every POST /chat that reached the fake proxy: its body and request id. */
const chats: { body: unknown; requestId: string | null }[] = [];
server.events.on('request:start', async ({ request }) => {
  if (!request.url.endsWith('/chat')) return;
  chats.push({
    body: await request.clone().json(),
    requestId: request.headers.get(REQUEST_ID_HEADER),
  });
});
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
  vi.restoreAllMocks();
  act(() => saleschatToasts.clear());
  chats.length = 0;
});
afterAll(() => server.close());

const region = () => screen.getByRole('region', { name: 'Saleschat notifications (F8)' });
const ada = () => screen.getByRole('button', { name: 'Chat with Ada Lovelace' });

describe('ChatButton', () => {
  it('shows "Chat" and names the lead for assistive technology', () => {
    renderKit(server, <ChatButton crmCustomerId="lead-42" leadName="Ada Lovelace" />);
    expect(ada()).toHaveTextContent('Chat');
    expect(ada()).toHaveAttribute('data-state', 'idle');
  });

  it('is named "Chat" without a lead name', () => {
    renderKit(server, <ChatButton crmCustomerId="lead-42" />);
    expect(screen.getByRole('button', { name: 'Chat' })).toBeInTheDocument();
  });

  it('sends the lead id and says the contact was created and assigned', async () => {
    const user = userEvent.setup();
    renderKit(server, <ChatButton crmCustomerId="lead-42" leadName="Ada Lovelace" />, 'created');
    await user.click(ada());
    await vi.waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent(
        'Chat with Ada Lovelace ready — contact created, assigned to you',
      ),
    );
    expect(chats.map((chat) => chat.body)).toEqual([{ crmCustomerId: 'lead-42' }]);
    expect(ada()).toHaveAttribute('data-state', 'success');
  });

  it.each([
    ['existing', 'existing contact, assigned to you'],
    ['reassigned', 'existing contact, reassigned to you'],
    ['unchanged', 'existing contact, already assigned to you'],
  ] as const)('says what happened for a %s contact', async (scenario, outcome) => {
    const user = userEvent.setup();
    renderKit(server, <ChatButton crmCustomerId="lead-42" leadName="Ada Lovelace" />, scenario);
    await user.click(ada());
    expect(await within(region()).findByRole('listitem')).toHaveTextContent(
      `Chat with Ada Lovelace ready — ${outcome}`,
    );
  });

  it("names the chatroom as Saleschat does when the lead's name is not given", async () => {
    const user = userEvent.setup();
    renderKit(server, <ChatButton crmCustomerId="lead-7" />, 'created');
    server.use(...saleschatHandlers('created', { contactName: 'Grace Hopper' }));
    await user.click(screen.getByRole('button', { name: 'Chat' }));
    expect(await within(region()).findByRole('listitem')).toHaveTextContent(
      'Chat with lead-7 Grace Hopper ready',
    );
  });

  it.each([
    ['group', 'existing contact, assigned to the Sales team'],
    ['handover', 'existing contact, assigned when the lead replies'],
  ] as const)('says where the host routed the chat (%s)', async (scenario, outcome) => {
    const user = userEvent.setup();
    renderKit(server, <ChatButton crmCustomerId="lead-42" leadName="Ada Lovelace" />, scenario);
    await user.click(ada());
    expect(await within(region()).findByRole('listitem')).toHaveTextContent(
      `Chat with Ada Lovelace ready — ${outcome}`,
    );
    expect(screen.getByRole('status')).toHaveTextContent(`ready — ${outcome}`);
  });

  it.each(PROXY_ERROR_CODES)('shows the human message for %s', async (code) => {
    const user = userEvent.setup();
    renderKit(server, <ChatButton crmCustomerId="lead-42" leadName="Ada Lovelace" />, code);
    await user.click(ada());
    const toast = await within(region()).findByRole('listitem');
    expect(toast).toHaveTextContent(en[`error.${code}`]);
    expect(screen.getByRole('alert')).toHaveTextContent(en[`error.${code}`]);
    // The request id the browser sent, for support.
    expect(toast).toHaveTextContent(`Request id ${chats[0]?.requestId}`);
    expect(ada()).toHaveAttribute('data-state', 'error');
  });

  it("shows Saleschat's own code and message when Saleschat refused", async () => {
    const user = userEvent.setup();
    renderKit(
      server,
      <ChatButton crmCustomerId="lead-42" leadName="Ada Lovelace" />,
      'SALESCHAT_ERROR',
    );
    await user.click(ada());
    const toast = await within(region()).findByRole('listitem');
    expect(toast).toHaveTextContent('4090001 · UQ_CONSTRAINT_FAILED');
    await user.click(
      await whenClickable(within(toast).getByRole('button', { name: 'Copy request id' })),
    );
    expect(await navigator.clipboard.readText()).toBe(chats[0]?.requestId);
  });

  it('says when to retry after a rate limit and retries once the time has passed', async () => {
    const user = userEvent.setup();
    renderKit(server, <ChatButton crmCustomerId="lead-42" leadName="Ada Lovelace" />, 'created');
    server.use(
      http.post(
        '/api/saleschat/chat',
        () =>
          HttpResponse.json(
            {
              error: {
                code: 'RATE_LIMITED',
                message: 'Slow down.',
                requestId: 'r1',
                retryAfterMs: 300,
              },
            },
            { status: 429 },
          ),
        { once: true },
      ),
    );
    await user.click(ada());
    const toast = await within(region()).findByRole('listitem');
    expect(toast).toHaveTextContent('Too many requests to Saleschat.Try again in 1 s.');
    expect(within(toast).queryByRole('button', { name: 'Retry' })).not.toBeInTheDocument();
    const retry = await within(toast).findByRole('button', { name: 'Retry' }, { timeout: 2000 });
    expect(toast).toHaveTextContent('You can try again now.');
    await user.click(await whenClickable(retry));
    await vi.waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent('contact created, assigned to you'),
    );
    expect(chats).toHaveLength(2);
  });

  it('offers Retry after a network failure, and the retry goes through', async () => {
    const user = userEvent.setup();
    renderKit(server, <ChatButton crmCustomerId="lead-42" leadName="Ada Lovelace" />, 'created');
    server.use(http.post('/api/saleschat/chat', () => HttpResponse.error(), { once: true }));
    await user.click(ada());
    const toast = await within(region()).findByRole('listitem');
    expect(toast).toHaveTextContent('Could not reach the server. Check your connection.');
    await user.click(await whenClickable(within(toast).getByRole('button', { name: 'Retry' })));
    await vi.waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent('Chat with Ada Lovelace ready'),
    );
    expect(within(region()).getAllByRole('listitem')).toHaveLength(1);
  });

  it('is busy while its lead is on its way, in every button for that lead, and sends once', async () => {
    const user = userEvent.setup();
    renderKit(
      server,
      <>
        <ChatButton crmCustomerId="lead-42" leadName="Ada Lovelace" />
        <ChatButton crmCustomerId="lead-42" leadName="Ada Lovelace" variant="icon" />
        <ChatButton crmCustomerId="lead-43" leadName="Grace Hopper" />
      </>,
      'slow',
    );
    const buttons = screen.getAllByRole('button', { name: 'Chat with Ada Lovelace' });
    for (const button of buttons) await user.click(button);
    expect(buttons).toHaveLength(2);
    for (const button of buttons) {
      expect(button).toHaveAttribute('aria-busy', 'true');
      expect(button).toHaveAttribute('data-state', 'pending');
    }
    expect(screen.getByRole('button', { name: 'Chat with Grace Hopper' })).not.toHaveAttribute(
      'aria-busy',
    );
    await vi.waitFor(() => expect(chats).toHaveLength(1));
  });

  it('starts idle again when its row is reused for another lead', async () => {
    const user = userEvent.setup();
    const { rerender } = renderKit(
      server,
      <ChatButton crmCustomerId="lead-42" leadName="Ada Lovelace" />,
      'created',
    );
    await user.click(ada());
    await vi.waitFor(() => expect(ada()).toHaveAttribute('data-state', 'success'));
    rerender(<ChatButton crmCustomerId="lead-43" leadName="Grace Hopper" />);
    expect(screen.getByRole('button', { name: 'Chat with Grace Hopper' })).toHaveAttribute(
      'data-state',
      'idle',
    );
  });

  it('is disabled with its reason when the CRM user is not linked, and sends nothing', async () => {
    const user = userEvent.setup();
    renderKit(server, <ChatButton crmCustomerId="lead-42" leadName="Ada Lovelace" />, 'notLinked');
    await vi.waitFor(() => expect(ada()).toHaveAttribute('aria-disabled', 'true'));
    expect(ada()).toHaveAccessibleDescription(
      'Your CRM account is not linked to a Saleschat user. Ask an administrator to link it.',
    );
    await user.click(ada());
    expect(chats).toEqual([]);
  });

  it('opens Saleschat from the success toast: the tab opens inside that click, then logs in', async () => {
    const user = userEvent.setup();
    const opened: string[] = [];
    vi.spyOn(window, 'open').mockImplementation((url, name) => {
      opened.push(`${String(name)} opened`);
      const tab = {
        closed: false,
        opener: window,
        focus() {},
        close() {},
        location: { replace: (next: string) => opened.push(`${String(name)} → ${next}`) },
      };
      onTestFinished(() => {
        tab.closed = true;
      });
      return tab as unknown as Window;
    });
    renderKit(
      server,
      <ChatButton crmCustomerId="lead-42" leadName="Ada Lovelace" tabName="crm-saleschat" />,
      'existing',
    );
    // The magic link takes a while: the tab must not wait for it.
    server.use(
      http.post('/api/saleschat/login', async () => {
        await delay(200);
        return HttpResponse.json({
          url: TEST_MAGIC_LINK,
          expiresAt: new Date(Date.now() + 60_000).toISOString(),
        });
      }),
    );
    await user.click(ada());
    const toast = await within(region()).findByRole('listitem');
    const open = within(toast).getByRole('button', { name: 'Open Saleschat' });
    expect(open.tagName).toBe('BUTTON');
    await user.click(await whenClickable(open));
    expect(opened).toEqual(['crm-saleschat opened']);
    await vi.waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent('Saleschat opened in its tab'),
    );
    expect(opened).toEqual(['crm-saleschat opened', `crm-saleschat → ${TEST_MAGIC_LINK}`]);
    expect(within(region()).getAllByRole('listitem')).toHaveLength(1);
    expect(within(region()).getByRole('listitem')).toHaveTextContent('Saleschat opened in its tab');
  });

  it('reaches "Open Saleschat" with Tab, and gives focus back to the button after Enter', async () => {
    const user = userEvent.setup();
    vi.spyOn(window, 'open').mockImplementation(() => null);
    renderKit(server, <ChatButton crmCustomerId="lead-42" leadName="Ada Lovelace" />, 'existing');
    ada().focus();
    await user.keyboard('{Enter}');
    await within(region()).findByRole('listitem');
    // Next in the tab order after the button: the toast (portalled to the end of <body>), then its action.
    await user.tab();
    expect(within(region()).getByRole('listitem')).toHaveFocus();
    await user.tab();
    expect(within(region()).getByRole('button', { name: 'Open Saleschat' })).toHaveFocus();
    await user.keyboard('{Enter}');
    // The browser blocked the tab: the toast that replaced the chat toast offers the link.
    expect(
      await within(region()).findByText('Your browser blocked the Saleschat tab.'),
    ).toBeInTheDocument();
    expect(ada()).toHaveFocus();
  });

  it('wraps a long lead name in its toast', async () => {
    const user = userEvent.setup();
    const name = 'Maria Antonia Walpurgis Symphorosa of Bavaria, Electress of Saxony';
    renderKit(server, <ChatButton crmCustomerId="lead-42" leadName={name} />, 'created');
    await user.click(screen.getByRole('button', { name: `Chat with ${name}` }));
    expect(await within(region()).findByRole('listitem')).toHaveTextContent(
      `Chat with ${name} ready`,
    );
  });

  it("speaks the host's catalogue", async () => {
    const user = userEvent.setup();
    server.use(...saleschatHandlers('reassigned'));
    render(
      <SaleschatProvider baseUrl="/api/saleschat" queryClient={new QueryClient()}>
        <SaleschatMessagesProvider messages={fr}>
          <ChatButton crmCustomerId="lead-42" leadName="Ada Lovelace" />
          <SaleschatToaster />
        </SaleschatMessagesProvider>
      </SaleschatProvider>,
    );
    await user.click(screen.getByRole('button', { name: 'Discuter avec Ada Lovelace' }));
    await vi.waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent(
        'Discussion avec Ada Lovelace prête — contact existant, vous est réattribuée',
      ),
    );
  });

  it('has no axe violations with a Saleschat refusal on screen', async () => {
    const user = userEvent.setup();
    renderKit(
      server,
      <>
        <ChatButton crmCustomerId="lead-42" leadName="Ada Lovelace" />
        <ChatButton crmCustomerId="lead-43" leadName="Grace Hopper" variant="icon" size="sm" />
      </>,
      'SALESCHAT_ERROR',
    );
    await user.click(ada());
    await within(region()).findByRole('listitem');
    const { violations } = await axe.run(document.body);
    expect(violations.map((violation) => violation.id)).toEqual([]);
  });
});
