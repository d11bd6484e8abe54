import { createSaleschatClient } from '@saleschat-kit/core';
import { TEST_MAGIC_LINK } from '@saleschat-kit/react/testing';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { http, HttpResponse } from 'msw';
import { useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { STORY_BASE_URL, openedTabs, type SaleschatStoryParameters } from '../storybook/kit';
import { ChatButton } from './chat-button';

const meta = {
  title: 'ChatButton',
  component: ChatButton,
  args: { crmCustomerId: 'lead-42', leadName: 'Ada Lovelace', size: 'md', variant: 'solid' },
} satisfies Meta<typeof ChatButton>;

export default meta;
type Story = StoryObj<typeof meta>;

const saleschat = (parameters: SaleschatStoryParameters) => ({ saleschat: parameters });

/** Clicks the chat button and returns the toast it leads to (portalled to `<body>`). */
async function clickForToast(canvasElement: HTMLElement, name = 'Chat with Ada Lovelace') {
  await userEvent.click(within(canvasElement).getByRole('button', { name }));
  const body = within(canvasElement.ownerDocument.body);
  const region = body.getByRole('region', { name: /Saleschat (notifications|\(F8\))/i });
  return within(region).findByRole('listitem');
}

export const Idle: Story = {
  play: async ({ canvas }) => {
    const button = canvas.getByRole('button', { name: 'Chat with Ada Lovelace' });
    await expect(button).toHaveTextContent('Chat');
    await expect(button).toHaveAttribute('data-state', 'idle');
  },
};

export const Pending: Story = {
  parameters: saleschat({ scenario: 'slow' }),
  play: async ({ canvas }) => {
    const button = canvas.getByRole('button', { name: 'Chat with Ada Lovelace' });
    await userEvent.click(button);
    await waitFor(() => expect(button).toHaveAttribute('aria-busy', 'true'));
    await expect(button).toHaveAttribute('data-state', 'pending');
  },
};

export const CreatedAndAssigned: Story = {
  parameters: saleschat({ scenario: 'created' }),
  play: async ({ canvas, canvasElement }) => {
    const toast = await clickForToast(canvasElement);
    await expect(toast).toHaveTextContent(
      'Chat with Ada Lovelace ready — contact created, assigned to you',
    );
    const button = canvas.getByRole('button');
    await waitFor(() => expect(button).toHaveAttribute('data-state', 'success'));
  },
};

/**
 * The success toast's "Open Saleschat": a real button, reached with Tab from the Chat button. It
 * runs Login from its own click (the tab opens in that click, then points at the magic link) and
 * the Login toast takes the Chat toast's place.
 */
export const SuccessThenOpenSaleschat: Story = {
  parameters: saleschat({ scenario: 'existing' }),
  play: async ({ canvasElement }) => {
    const toast = await clickForToast(canvasElement);
    await expect(toast).toHaveTextContent(
      'Chat with Ada Lovelace ready — existing contact, assigned to you',
    );
    const open = within(toast).getByRole('button', { name: 'Open Saleschat' });
    // Keyboard first: after the Chat button come the toast, then its action.
    await userEvent.tab();
    await expect(toast).toHaveFocus();
    await userEvent.tab();
    await expect(open).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    const region = within(canvasElement.ownerDocument.body).getByRole('region', {
      name: 'Saleschat notifications (F8)',
    });
    await waitFor(() =>
      expect(within(region).getByRole('listitem')).toHaveTextContent('Saleschat opened in its tab'),
    );
    await expect(openedTabs).toEqual([['saleschat', TEST_MAGIC_LINK]]);
  },
};

/** The host's `assignTo` sent the chat to a group: Saleschat picks the member. */
export const RoutedToAGroup: Story = {
  parameters: saleschat({ scenario: 'group' }),
  play: async ({ canvasElement }) => {
    await expect(await clickForToast(canvasElement)).toHaveTextContent(
      'Chat with Ada Lovelace ready — existing contact, assigned to the Sales team',
    );
  },
};

/** The host's `assignTo` asked for the assignment once the lead replies. */
export const AssignedOnHandover: Story = {
  parameters: saleschat({ scenario: 'handover' }),
  play: async ({ canvasElement }) => {
    await expect(await clickForToast(canvasElement)).toHaveTextContent(
      'Chat with Ada Lovelace ready — existing contact, assigned when the lead replies',
    );
  },
};

export const ExistingAndAssigned: Story = {
  parameters: saleschat({ scenario: 'existing' }),
  play: async ({ canvasElement }) => {
    await expect(await clickForToast(canvasElement)).toHaveTextContent(
      'Chat with Ada Lovelace ready — existing contact, assigned to you',
    );
  },
};

export const ExistingAndReassigned: Story = {
  parameters: saleschat({ scenario: 'reassigned' }),
  play: async ({ canvasElement }) => {
    await expect(await clickForToast(canvasElement)).toHaveTextContent(
      'Chat with Ada Lovelace ready — existing contact, reassigned to you',
    );
  },
};

export const AlreadyAssigned: Story = {
  parameters: saleschat({ scenario: 'unchanged' }),
  play: async ({ canvasElement }) => {
    await expect(await clickForToast(canvasElement)).toHaveTextContent(
      'Chat with Ada Lovelace ready — existing contact, already assigned to you',
    );
  },
};

/** Without `leadName`, the toast names the chatroom as Saleschat does (CRM id + name). */
export const WithoutLeadName: Story = {
  args: { leadName: undefined },
  parameters: saleschat({ scenario: 'created', contactName: 'Grace Hopper' }),
  play: async ({ canvasElement }) => {
    await expect(await clickForToast(canvasElement, 'Chat')).toHaveTextContent(
      'Chat with lead-42 Grace Hopper ready — contact created, assigned to you',
    );
  },
};

export const NotLinked: Story = {
  parameters: saleschat({ scenario: 'notLinked' }),
  play: async ({ canvas }) => {
    const button = canvas.getByRole('button', { name: 'Chat with Ada Lovelace' });
    await waitFor(() => expect(button).toHaveAttribute('aria-disabled', 'true'));
    await expect(button).toHaveAccessibleDescription(
      'Your CRM account is not linked to a Saleschat user. Ask an administrator to link it.',
    );
    // A click does nothing; focus shows the reason as a tooltip.
    await userEvent.click(button);
    await expect(button).toHaveAttribute('data-state', 'idle');
    button.blur();
    await userEvent.tab();
    await expect(button).toHaveFocus();
    const tooltip = await within(document.body).findByRole('tooltip');
    await expect(tooltip).toHaveTextContent('Your CRM account is not linked');
  },
};

export const DisabledByHost: Story = {
  args: { disabledReason: 'Add a phone number to this lead first.' },
  play: async ({ canvas }) => {
    const button = canvas.getByRole('button', { name: 'Chat with Ada Lovelace' });
    await expect(button).toHaveAttribute('aria-disabled', 'true');
    await expect(button).toHaveAccessibleDescription('Add a phone number to this lead first.');
  },
};

// One story per error a user can meet: the human message, and what Saleschat said when it refused.

export const InvalidInput: Story = {
  parameters: saleschat({ scenario: 'INVALID_INPUT' }),
  play: async ({ canvasElement }) => {
    await expect(await clickForToast(canvasElement)).toHaveTextContent(
      'Saleschat cannot use this lead: its CRM id is not valid.',
    );
  },
};

export const Unauthenticated: Story = {
  parameters: saleschat({ scenario: 'UNAUTHENTICATED' }),
  play: async ({ canvasElement }) => {
    await expect(await clickForToast(canvasElement)).toHaveTextContent(
      'Your CRM session has ended. Sign in again.',
    );
  },
};

export const Forbidden: Story = {
  parameters: saleschat({ scenario: 'FORBIDDEN' }),
  play: async ({ canvasElement }) => {
    await expect(await clickForToast(canvasElement)).toHaveTextContent(
      'You are not allowed to do this.',
    );
  },
};

export const LeadNotFound: Story = {
  parameters: saleschat({ scenario: 'LEAD_NOT_FOUND' }),
  play: async ({ canvasElement }) => {
    const toast = await clickForToast(canvasElement);
    await expect(toast).toHaveTextContent('This lead was not found in the CRM.');
    await expect(within(toast).queryByRole('button', { name: 'Retry' })).toBeNull();
  },
};

/** The CRM has no opt-in date for the lead, and the host requires one: Saleschat is not called. */
export const OptInMissing: Story = {
  parameters: saleschat({ scenario: 'OPT_IN_MISSING' }),
  play: async ({ canvasElement }) => {
    const toast = await clickForToast(canvasElement);
    await expect(toast).toHaveTextContent(
      'This lead has not opted in to WhatsApp messages (no opt-in date in the CRM), so Saleschat may not contact them.',
    );
    await expect(within(toast).queryByRole('button', { name: 'Retry' })).toBeNull();
  },
};

export const UserNotLinked: Story = {
  parameters: saleschat({ scenario: 'USER_NOT_LINKED' }),
  play: async ({ canvasElement }) => {
    await expect(await clickForToast(canvasElement)).toHaveTextContent(
      'Your CRM account is not linked to a Saleschat user.',
    );
  },
};

export const Internal: Story = {
  parameters: saleschat({ scenario: 'INTERNAL' }),
  play: async ({ canvasElement }) => {
    await expect(await clickForToast(canvasElement)).toHaveTextContent(
      'Something went wrong on the server.',
    );
  },
};

/** Saleschat itself refused: its code and message, and a request id to copy for support. */
export const SaleschatRefused: Story = {
  parameters: saleschat({ scenario: 'SALESCHAT_ERROR' }),
  play: async ({ canvasElement }) => {
    const toast = await clickForToast(canvasElement);
    await expect(toast).toHaveTextContent('Saleschat refused the request.');
    await expect(toast).toHaveTextContent('4090001 · UQ_CONSTRAINT_FAILED');
    await expect(toast).toHaveTextContent(/Request id [\w-]+/);
    await expect(within(toast).getByRole('button', { name: 'Copy request id' })).toBeEnabled();
  },
};

export const SaleschatUnavailable: Story = {
  parameters: saleschat({ scenario: 'SALESCHAT_UNAVAILABLE' }),
  play: async ({ canvasElement }) => {
    const toast = await clickForToast(canvasElement);
    await expect(toast).toHaveTextContent('Saleschat is not responding right now.');
    await expect(within(toast).getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  },
};

/** Waiting helps: the toast says how long; Retry appears once the wait is over. */
export const RateLimited: Story = {
  parameters: saleschat({ scenario: 'RATE_LIMITED' }),
  play: async ({ canvasElement }) => {
    const toast = await clickForToast(canvasElement);
    await expect(toast).toHaveTextContent('Too many requests to Saleschat.Try again in 7 s.');
    await expect(within(toast).queryByRole('button', { name: 'Retry' })).toBeNull();
  },
};

export const RateLimitedThenRetried: Story = {
  parameters: saleschat({
    scenario: 'created',
    handlers: [
      http.post(
        `${STORY_BASE_URL}/chat`,
        () =>
          HttpResponse.json(
            {
              error: {
                code: 'RATE_LIMITED',
                message: 'Slow down.',
                requestId: 'r-1',
                retryAfterMs: 600,
              },
            },
            { status: 429 },
          ),
        { once: true },
      ),
    ],
  }),
  play: async ({ canvasElement }) => {
    const toast = await clickForToast(canvasElement);
    await expect(toast).toHaveTextContent('Try again in 1 s.');
    const retry = await within(toast).findByRole('button', { name: 'Retry' }, { timeout: 3000 });
    await expect(toast).toHaveTextContent('You can try again now.');
    await userEvent.click(retry);
    const region = within(canvasElement.ownerDocument.body).getByRole('region');
    await waitFor(() =>
      expect(within(region).getByRole('listitem')).toHaveTextContent(
        'Chat with Ada Lovelace ready — contact created, assigned to you',
      ),
    );
  },
};

export const NetworkFailureThenRetried: Story = {
  parameters: saleschat({
    scenario: 'created',
    handlers: [http.post(`${STORY_BASE_URL}/chat`, () => HttpResponse.error(), { once: true })],
  }),
  play: async ({ canvasElement }) => {
    const toast = await clickForToast(canvasElement);
    await expect(toast).toHaveTextContent('Could not reach the server. Check your connection.');
    await userEvent.click(within(toast).getByRole('button', { name: 'Retry' }));
    const region = within(canvasElement.ownerDocument.body).getByRole('region');
    await waitFor(() =>
      expect(within(region).getByRole('listitem')).toHaveTextContent('contact created'),
    );
  },
};

export const Timeout: Story = {
  parameters: saleschat({
    scenario: 'slow',
    client: () => createSaleschatClient({ baseUrl: STORY_BASE_URL, timeoutMs: 300 }),
  }),
  play: async ({ canvasElement }) => {
    const toast = await clickForToast(canvasElement);
    await expect(toast).toHaveTextContent('The server took too long to answer.');
    await expect(within(toast).getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  },
};

/** A long name wraps in the toast instead of overflowing it. */
export const LongLeadName: Story = {
  args: {
    leadName:
      'Maria Antonia Walpurgis Symphorosa of Bavaria, Electress of Saxony and Composer of Operas',
  },
  parameters: saleschat({ scenario: 'created' }),
  play: async ({ canvasElement }) => {
    const toast = await clickForToast(
      canvasElement,
      'Chat with Maria Antonia Walpurgis Symphorosa of Bavaria, Electress of Saxony and Composer of Operas',
    );
    await expect(toast).toHaveTextContent('Chat with Maria Antonia Walpurgis');
    await expect(toast.scrollWidth).toBeLessThanOrEqual(toast.clientWidth);
  },
};

export const DarkTheme: Story = {
  globals: { theme: 'dark' },
  parameters: saleschat({ scenario: 'SALESCHAT_ERROR' }),
  play: async ({ canvasElement }) => {
    const toast = await clickForToast(canvasElement);
    await expect(getComputedStyle(toast).backgroundColor).toBe('rgb(22, 27, 34)');
  },
};

export const RightToLeft: Story = {
  globals: { dir: 'rtl' },
  parameters: saleschat({ scenario: 'created' }),
  play: async ({ canvasElement }) => {
    const toast = await clickForToast(canvasElement);
    await expect(toast).toHaveAttribute('data-swipe-direction', 'left');
    // The toasts sit in the inline-end corner: the left one in a right-to-left page.
    await expect(toast.getBoundingClientRect().left).toBeLessThan(window.innerWidth / 2);
  },
};

export const French: Story = {
  globals: { locale: 'fr' },
  parameters: saleschat({ scenario: 'reassigned' }),
  play: async ({ canvasElement }) => {
    const toast = await clickForToast(canvasElement, 'Discuter avec Ada Lovelace');
    await expect(toast).toHaveTextContent(
      'Discussion avec Ada Lovelace prête — contact existant, vous est réattribuée',
    );
  },
};

/** The sizes and variants; the icon-only one keeps "Chat with …" as its accessible name. */
export const SizesAndVariants: Story = {
  render: (args) => (
    <div className="sc-story-row">
      {(['md', 'sm'] as const).map((size) =>
        (['solid', 'outline', 'ghost', 'icon'] as const).map((variant) => (
          <ChatButton key={size + variant} {...args} size={size} variant={variant} />
        )),
      )}
    </div>
  ),
  play: async ({ canvas }) => {
    await expect(canvas.getAllByRole('button', { name: 'Chat with Ada Lovelace' })).toHaveLength(8);
  },
};

/** A host's modal dialog (overlay, `pointer-events: none` on the page): toasts stay on top and clickable. */
function HostModal(args: Story['args']) {
  const [open, setOpen] = useState(true);
  return open ? (
    <div className="sc-story-overlay">
      <div role="dialog" aria-modal="true" aria-labelledby="lead-title" className="sc-story-dialog">
        <h2 id="lead-title">Lead: Ada Lovelace</h2>
        <ChatButton crmCustomerId="lead-42" leadName="Ada Lovelace" {...args} />{' '}
        <button type="button" onClick={() => setOpen(false)}>
          Close
        </button>
      </div>
    </div>
  ) : null;
}

export const AboveAHostModal: Story = {
  render: (args) => <HostModal {...args} />,
  parameters: saleschat({ scenario: 'SALESCHAT_ERROR' }),
  beforeEach: () => {
    // What modal libraries do while open: the page behind stops taking pointer events.
    document.body.style.pointerEvents = 'none';
    return () => {
      document.body.style.pointerEvents = '';
    };
  },
  play: async ({ canvasElement }) => {
    const toast = await clickForToast(canvasElement);
    const copy = within(toast).getByRole('button', { name: 'Copy request id' });
    const box = copy.getBoundingClientRect();
    const topmost = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    await expect(topmost).toBe(copy);
    await userEvent.click(within(toast).getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(toast).not.toBeInTheDocument());
  },
};
