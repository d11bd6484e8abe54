import { fr } from '@saleschat-kit/core/locales/fr';
import { en } from '@saleschat-kit/core/messages';
import {
  saleschatHandlers,
  type SaleschatScenario,
  type SaleschatHandlersOptions,
} from '@saleschat-kit/react/testing';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEffect } from 'react';
import { expect, waitFor } from 'storybook/test';
import { configure } from './index';
import { toasts } from './toasts';

/**
 * The custom elements, rendered from React stories beside the React components' ones, driven by
 * the same msw scenarios. Each story has a proxy path of its own: the elements keep one session
 * (the /me answer, the magic link) per base URL for the whole page.
 */
interface ElementsStoryArgs {
  scenario: SaleschatScenario;
  variant?: 'solid' | 'outline' | 'ghost' | 'icon';
  leadName: string;
  french?: boolean;
}

const baseUrlOf = (scenario: string, id: string) => `/api/saleschat-elements/${scenario}-${id}`;

function ElementsStory({
  scenario,
  variant,
  leadName,
  french,
  baseUrl,
  theme,
}: ElementsStoryArgs & { baseUrl: string; theme: string }) {
  useEffect(() => {
    configure({ messages: french ? fr : en });
  }, [french]);
  return (
    <div style={{ display: 'flex', gap: '1rem', padding: '1rem' }} data-scenario={scenario}>
      <saleschat-login-button base-url={baseUrl} variant={variant} theme={theme as 'light'} />
      <saleschat-chat-button
        base-url={baseUrl}
        crm-customer-id="lead-42"
        lead-name={leadName}
        variant={variant}
        theme={theme as 'light'}
      />
      <saleschat-toaster theme={theme as 'light'} />
    </div>
  );
}

const meta = {
  title: 'Custom elements',
  args: { scenario: 'success', leadName: 'Ada Lovelace' },
  // The elements' toasts are the page's: a story starts without the previous story's.
  beforeEach: () => {
    toasts.clear();
  },
  render: (args, { id, globals }) => (
    <ElementsStory
      {...args}
      baseUrl={baseUrlOf(args.scenario, id)}
      theme={globals.theme === 'dark' ? 'dark' : 'light'}
    />
  ),
} satisfies Meta<ElementsStoryArgs>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The story's fake proxy at its own path. */
const proxy = (
  scenario: SaleschatScenario,
  id: string,
  options: Omit<SaleschatHandlersOptions, 'baseUrl'> = {},
) => ({
  saleschat: {
    handlers: saleschatHandlers(scenario, { ...options, baseUrl: baseUrlOf(scenario, id) }),
  },
});

/** The inner `<button>` of an element in the canvas. */
const buttonOf = (canvasElement: HTMLElement, tag: string) =>
  canvasElement.querySelector(tag)?.shadowRoot?.querySelector('button') as HTMLButtonElement;
const toastText = (canvasElement: HTMLElement) =>
  canvasElement.querySelector('saleschat-toaster')?.shadowRoot?.querySelector('ol')?.textContent;
/** Waits for the toasts' fade-in, so the axe check sees them fully drawn. */
const settled = (canvasElement: HTMLElement) =>
  Promise.all(
    (canvasElement.querySelector('saleschat-toaster')?.shadowRoot?.getAnimations() ?? []).map(
      (animation) => animation.finished,
    ),
  );

export const Idle: Story = {
  parameters: proxy('success', 'custom-elements--idle'),
  play: async ({ canvasElement }) => {
    await waitFor(() =>
      expect(buttonOf(canvasElement, 'saleschat-chat-button')).toHaveAccessibleName(
        'Chat with Ada Lovelace',
      ),
    );
    await expect(buttonOf(canvasElement, 'saleschat-login-button')).toHaveTextContent(
      'Open Saleschat',
    );
  },
};

export const Pending: Story = {
  args: { scenario: 'slow' },
  parameters: proxy('slow', 'custom-elements--pending', { delayMs: 60_000 }),
  play: async ({ canvasElement }) => {
    const chat = buttonOf(canvasElement, 'saleschat-chat-button');
    chat.click();
    await waitFor(() => expect(chat).toHaveAttribute('aria-busy', 'true'));
  },
};

export const ChatSuccess: Story = {
  args: { scenario: 'created' },
  parameters: proxy('created', 'custom-elements--chat-success'),
  play: async ({ canvasElement }) => {
    buttonOf(canvasElement, 'saleschat-chat-button').click();
    await waitFor(() =>
      expect(toastText(canvasElement)).toContain(
        'Chat with Ada Lovelace ready — contact created, assigned to you',
      ),
    );
    await settled(canvasElement);
  },
};

export const SaleschatRefused: Story = {
  args: { scenario: 'SALESCHAT_ERROR' },
  parameters: proxy('SALESCHAT_ERROR', 'custom-elements--saleschat-refused'),
  play: async ({ canvasElement }) => {
    buttonOf(canvasElement, 'saleschat-chat-button').click();
    await waitFor(() =>
      expect(toastText(canvasElement)).toContain('4090001 · UQ_CONSTRAINT_FAILED'),
    );
    await settled(canvasElement);
  },
};

export const RateLimited: Story = {
  args: { scenario: 'RATE_LIMITED' },
  parameters: proxy('RATE_LIMITED', 'custom-elements--rate-limited'),
  play: async ({ canvasElement }) => {
    buttonOf(canvasElement, 'saleschat-chat-button').click();
    await waitFor(() => expect(toastText(canvasElement)).toMatch(/Try again in \d s\./));
    await settled(canvasElement);
  },
};

export const NotLinked: Story = {
  args: { scenario: 'notLinked' },
  parameters: proxy('notLinked', 'custom-elements--not-linked'),
  play: async ({ canvasElement }) => {
    await waitFor(() =>
      expect(buttonOf(canvasElement, 'saleschat-login-button')).toHaveAttribute(
        'aria-disabled',
        'true',
      ),
    );
  },
};

export const French: Story = {
  args: { french: true },
  parameters: proxy('success', 'custom-elements--french'),
  play: async ({ canvasElement }) => {
    await waitFor(() =>
      expect(buttonOf(canvasElement, 'saleschat-chat-button')).toHaveAccessibleName(
        'Discuter avec Ada Lovelace',
      ),
    );
  },
};

export const IconOnlyLongName: Story = {
  args: { variant: 'icon', leadName: 'Maria-Magdalena Wolfeschlegelsteinhausenberger' },
  parameters: proxy('success', 'custom-elements--icon-only-long-name'),
  play: async ({ canvasElement }) => {
    await waitFor(() =>
      expect(buttonOf(canvasElement, 'saleschat-chat-button')).toHaveAccessibleName(
        'Chat with Maria-Magdalena Wolfeschlegelsteinhausenberger',
      ),
    );
  },
};
