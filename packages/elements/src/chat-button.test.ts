import type { ChatResponse } from '@saleschat-kit/core';
import { fr } from '@saleschat-kit/core/locales/fr';
import { en } from '@saleschat-kit/core/messages';
import { saleschatHandlers, TEST_MAGIC_LINK } from '@saleschat-kit/react/testing';
import { http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { expectNoAxeViolations, freshPageForEachTest, mount } from '../test/fixtures';
import { useProxy } from '../test/msw';
import { configure } from './index';

const fresh = freshPageForEachTest();
afterEach(() => configure({ messages: en }));

const chat = () => page.getByRole('button', { name: 'Chat with Ada Lovelace' });
const region = () => page.getByRole('region', { name: 'Saleschat notifications (F8)' });

function mountChat(attributes = '') {
  return mount(
    `<saleschat-chat-button base-url="${fresh.base}" crm-customer-id="lead-42" lead-name="Ada Lovelace" ${attributes}></saleschat-chat-button><saleschat-toaster></saleschat-toaster>`,
  );
}

/** Counts the calls to one route, then lets the scenario's handlers answer. */
function counted(method: 'get' | 'post', route: string) {
  const count = { calls: 0 };
  return [
    count,
    http[method](fresh.base + route, () => {
      count.calls++;
    }),
  ] as const;
}

describe('<saleschat-chat-button>', () => {
  it('shows "Chat", is named after the lead, starts idle and passes axe', async () => {
    await useProxy(...saleschatHandlers('success', { baseUrl: fresh.base }));
    mountChat();
    await expect.element(chat()).toHaveTextContent('Chat');
    await expect.element(chat()).toHaveAttribute('data-state', 'idle');
    await expect.element(region()).toBeInTheDocument();
    await expectNoAxeViolations();
  });

  it.each([
    ['created', 'contact created, assigned to you'],
    ['existing', 'existing contact, assigned to you'],
    ['reassigned', 'existing contact, reassigned to you'],
    ['unchanged', 'existing contact, already assigned to you'],
    ['group', 'existing contact, assigned to the Sales team'],
    ['handover', 'existing contact, assigned when the lead replies'],
  ] as const)(
    'says what happened (%s) in a toast and a saleschat-success event',
    async (scenario, words) => {
      await useProxy(...saleschatHandlers(scenario, { baseUrl: fresh.base }));
      const host = mountChat();
      const events: ChatResponse[] = [];
      host.addEventListener('saleschat-success', (event) =>
        events.push(event.detail as ChatResponse),
      );
      await chat().click();
      await expect
        .element(region().getByText(`Chat with Ada Lovelace ready — ${words}`))
        .toBeVisible();
      await expect.element(chat()).toHaveAttribute('data-state', 'success');
      expect(host.querySelector('saleschat-chat-button')?.matches(':state(success)')).toBe(true);
      expect(events).toEqual([expect.objectContaining({ contactId: 'contact-lead-42' })]);
      await expect.element(page.getByRole('status')).toHaveTextContent(`ready — ${words}`);
      await expectNoAxeViolations();
    },
  );

  it('is busy while the proxy works, and a second click sends nothing', async () => {
    const [count, counter] = counted('post', '/chat');
    await useProxy(counter, ...saleschatHandlers('slow', { baseUrl: fresh.base }));
    mountChat();
    await chat().click();
    await expect.element(chat()).toHaveAttribute('aria-busy', 'true');
    await expect.element(chat()).toHaveAttribute('data-state', 'pending');
    await chat().click();
    await expect.poll(() => count.calls).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(count.calls).toBe(1);
    await expectNoAxeViolations();
  });

  it("shows an error's message and request id, and Saleschat's code · message", async () => {
    await useProxy(...saleschatHandlers('SALESCHAT_ERROR', { baseUrl: fresh.base }));
    const host = mountChat();
    const codes: string[] = [];
    host.addEventListener('saleschat-error', (event) => codes.push(event.detail.code));
    await chat().click();
    await expect.element(region().getByText('Saleschat refused the request.')).toBeVisible();
    await expect.element(region().getByText('4090001 · UQ_CONSTRAINT_FAILED')).toBeVisible();
    await expect
      .element(region().getByText(/^Request id/))
      .toHaveTextContent(/^Request id \w{8,} Copy request id$/);
    await expect
      .element(page.getByRole('alert'))
      .toHaveTextContent('Saleschat refused the request. 4090001 · UQ_CONSTRAINT_FAILED');
    await expect.element(chat()).toHaveAttribute('data-state', 'error');
    expect(codes).toEqual(['SALESCHAT_ERROR']);
    // Not a transient failure: no Retry.
    await expect.element(region().getByRole('button', { name: 'Retry' })).not.toBeInTheDocument();
    await expectNoAxeViolations();
  });

  it('says why a lead without an opt-in date cannot be chatted with (OPT_IN_MISSING)', async () => {
    await useProxy(...saleschatHandlers('OPT_IN_MISSING', { baseUrl: fresh.base }));
    mountChat();
    await chat().click();
    await expect.element(page.getByRole('alert')).toHaveTextContent(en['error.OPT_IN_MISSING']);
    await expect.element(region().getByText(en['error.OPT_IN_MISSING'])).toBeVisible();
    await expect.element(region().getByRole('button', { name: 'Retry' })).not.toBeInTheDocument();
  });

  it('offers Retry after a transient failure, and the retry replaces the toast', async () => {
    await useProxy(...saleschatHandlers('SALESCHAT_UNAVAILABLE', { baseUrl: fresh.base }));
    mountChat();
    await chat().click();
    await expect
      .element(region().getByText('Saleschat is not responding right now.'))
      .toBeVisible();
    await useProxy(...saleschatHandlers('existing', { baseUrl: fresh.base }));
    await region().getByRole('button', { name: 'Retry' }).click();
    await expect
      .element(
        region().getByText('Chat with Ada Lovelace ready — existing contact, assigned to you'),
      )
      .toBeVisible();
    await expect
      .element(region().getByText('Saleschat is not responding right now.'))
      .not.toBeInTheDocument();
  });

  it('counts down a rate limit, then offers Retry', { timeout: 30_000 }, async () => {
    await useProxy(
      http.post(fresh.base + '/chat', ({ request }) =>
        Response.json(
          {
            error: {
              code: 'RATE_LIMITED',
              message: 'Too many requests.',
              requestId: request.headers.get('X-Request-Id'),
              retryAfterMs: 2600,
            },
          },
          { status: 429 },
        ),
      ),
      ...saleschatHandlers('existing', { baseUrl: fresh.base }),
    );
    mountChat();
    await chat().click();
    await expect.element(region().getByText('Too many requests to Saleschat.')).toBeVisible();
    // Counts down from 3 (or less, if the page was slow to draw it) each second.
    const countdown = region().getByText(/^Try again in [123] s\.$/);
    await expect.element(countdown).toBeVisible();
    const first = countdown.element().textContent;
    expect(region().getByRole('button', { name: 'Retry' }).query()).toBeNull();
    await expect.poll(() => countdown.query()?.textContent ?? 'done').not.toBe(first);
    await expect.element(region().getByText('You can try again now.')).toBeVisible();
    await useProxy(...saleschatHandlers('existing', { baseUrl: fresh.base }));
    await region().getByRole('button', { name: 'Retry' }).click();
    await expect.element(region().getByText(/ready — existing contact/)).toBeVisible();
  });

  it('is disabled with the reason when the CRM user is not linked, and stays focusable', async () => {
    const [count, counter] = counted('post', '/chat');
    await useProxy(counter, ...saleschatHandlers('notLinked', { baseUrl: fresh.base }));
    mountChat();
    await expect.element(chat()).toHaveAttribute('aria-disabled', 'true');
    await expect.element(chat()).toHaveAccessibleDescription(en['reason.notLinked']);
    await userEvent.keyboard('{Tab}');
    await expect.poll(() => chat().element().matches(':focus')).toBe(true);
    await userEvent.keyboard('{Enter}');
    await chat().click({ force: true });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(count.calls).toBe(0);
    await expectNoAxeViolations();
  });

  it('takes its own disabled reason from disabled-reason', async () => {
    await useProxy(...saleschatHandlers('success', { baseUrl: fresh.base }));
    mountChat('disabled-reason="Chats are closed on Sundays."');
    await expect.element(chat()).toHaveAttribute('aria-disabled', 'true');
    await expect.element(chat()).toHaveAccessibleDescription('Chats are closed on Sundays.');
  });

  it('works from the keyboard: Tab, then Enter or Space', async () => {
    const [count, counter] = counted('post', '/chat');
    await useProxy(counter, ...saleschatHandlers('existing', { baseUrl: fresh.base }));
    mountChat();
    await userEvent.keyboard('{Tab}');
    await expect.poll(() => chat().element().matches(':focus')).toBe(true);
    await userEvent.keyboard('{Enter}');
    await expect.element(region().getByText(/ready — existing contact/)).toBeVisible();
    await userEvent.keyboard(' ');
    await expect.poll(() => count.calls).toBe(2);
  });

  it('leaves the toast out when the host cancels the event', async () => {
    await useProxy(...saleschatHandlers('existing', { baseUrl: fresh.base }));
    const host = mount(
      `<saleschat-chat-button base-url="${fresh.base}" crm-customer-id="lead-7" lead-name="Grace Hopper"></saleschat-chat-button><saleschat-toaster></saleschat-toaster>`,
    );
    host.addEventListener('saleschat-success', (event) => event.preventDefault());
    const button = page.getByRole('button', { name: 'Chat with Grace Hopper' });
    await button.click();
    await expect.element(button).toHaveAttribute('data-state', 'success');
    expect(
      region()
        .getByText(/Grace Hopper/)
        .query(),
    ).toBeNull();
  });

  it('opens Saleschat from the success toast in the same click, in the reused tab', async () => {
    await useProxy(...saleschatHandlers('existing', { baseUrl: fresh.base, delayMs: 300 }));
    mountChat();
    await chat().click();
    const open = region().getByRole('button', { name: 'Open Saleschat' });
    await open.click();
    // Opened inside the click, before the link arrived; pointed at it once it came.
    expect(fresh.tabs.opened).toHaveLength(1);
    expect(fresh.tabs.opened[0]?.name).toBe('saleschat');
    await expect.poll(() => fresh.tabs.opened[0]?.urls).toEqual([TEST_MAGIC_LINK]);
    await expect.element(region().getByText('Saleschat opened in its tab')).toBeVisible();
    await expect.element(open).not.toBeInTheDocument();
  });

  it('speaks the page-wide catalogue (French) and follows configure() while shown', async () => {
    await useProxy(...saleschatHandlers('created', { baseUrl: fresh.base }));
    mountChat();
    configure({ messages: fr });
    const button = page.getByRole('button', { name: 'Discuter avec Ada Lovelace' });
    await expect.element(button).toHaveTextContent('Discuter');
    await button.click();
    await expect
      .element(page.getByRole('region', { name: 'Notifications Saleschat (F8)' }))
      .toHaveTextContent('Discussion avec Ada Lovelace prête — contact créé, vous est attribuée');
  });

  it('uses the page-wide base URL from configure() or <meta name="saleschat-base-url">', async () => {
    await useProxy(...saleschatHandlers('reassigned', { baseUrl: fresh.base }));
    const meta = Object.assign(document.createElement('meta'), {
      name: 'saleschat-base-url',
      content: fresh.base,
    });
    document.head.append(meta);
    try {
      mount(
        '<saleschat-chat-button crm-customer-id="lead-42" lead-name="Ada Lovelace"></saleschat-chat-button><saleschat-toaster></saleschat-toaster>',
      );
      await chat().click();
      await expect.element(region().getByText(/reassigned to you/)).toBeVisible();
    } finally {
      meta.remove();
    }
  });

  it('shows a child as its label, and an icon-only variant keeps the name', async () => {
    await useProxy(...saleschatHandlers('success', { baseUrl: fresh.base }));
    mount(
      `<saleschat-chat-button base-url="${fresh.base}" crm-customer-id="lead-1" lead-name="Ada Lovelace">Message Ada</saleschat-chat-button>
       <saleschat-chat-button base-url="${fresh.base}" crm-customer-id="lead-2" lead-name="Grace Hopper" variant="icon"></saleschat-chat-button>`,
    );
    await expect.element(page.getByRole('button', { name: 'Message Ada' })).toBeVisible();
    await expect
      .element(page.getByRole('button', { name: 'Chat with Grace Hopper' }))
      .toBeVisible();
    await expectNoAxeViolations();
  });
});
