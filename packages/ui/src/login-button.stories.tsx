import { TEST_MAGIC_LINK } from '@saleschat-kit/react/testing';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { openedTabs, type SaleschatStoryParameters } from '../storybook/kit';
import { LoginButton } from './login-button';

const meta = {
  title: 'LoginButton',
  component: LoginButton,
  args: { size: 'md', variant: 'solid' },
} satisfies Meta<typeof LoginButton>;

export default meta;
type Story = StoryObj<typeof meta>;

const saleschat = (parameters: SaleschatStoryParameters) => ({ saleschat: parameters });
/** The toasts, portalled to the end of `<body>`, outside the story's canvas. */
const toastList = (canvasElement: HTMLElement) =>
  within(
    within(canvasElement.ownerDocument.body).getByRole('region', {
      name: 'Saleschat notifications (F8)',
    }),
  );

export const Idle: Story = {
  play: async ({ canvas }) => {
    const button = canvas.getByRole('button', { name: 'Open Saleschat' });
    await expect(button).toHaveAttribute('data-state', 'idle');
    await expect(button).toBeEnabled();
  },
};

export const Success: Story = {
  parameters: saleschat({ scenario: 'success' }),
  play: async ({ canvas, canvasElement }) => {
    const button = canvas.getByRole('button', { name: 'Open Saleschat' });
    await userEvent.click(button);
    const toast = await toastList(canvasElement).findByRole('listitem');
    await waitFor(() => expect(toast).toBeVisible());
    await expect(toast).toHaveTextContent('Saleschat opened in its tab');
    await expect(button).toHaveAttribute('data-state', 'success');
    await expect(openedTabs).toEqual([['saleschat', TEST_MAGIC_LINK]]);
  },
};

export const Pending: Story = {
  parameters: saleschat({ scenario: 'slow' }),
  play: async ({ canvas }) => {
    const button = canvas.getByRole('button', { name: 'Open Saleschat' });
    await userEvent.click(button);
    await waitFor(() => expect(button).toHaveAttribute('aria-busy', 'true'));
    await expect(button).toHaveAttribute('data-state', 'pending');
  },
};

export const PopupBlocked: Story = {
  parameters: saleschat({ scenario: 'success', blockPopups: true }),
  play: async ({ canvas, canvasElement }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Open Saleschat' }));
    const toast = await toastList(canvasElement).findByRole('listitem');
    await expect(toast).toHaveTextContent('Your browser blocked the Saleschat tab.');
    const link = within(toast).getByRole('link', { name: 'Open Saleschat' });
    await expect(link).toHaveAttribute('href', TEST_MAGIC_LINK);
  },
};

export const NotLinked: Story = {
  parameters: saleschat({ scenario: 'notLinked' }),
  play: async ({ canvas, canvasElement }) => {
    const button = canvas.getByRole('button', { name: 'Open Saleschat' });
    await waitFor(() => expect(button).toHaveAttribute('aria-disabled', 'true'));
    await expect(button).toHaveAccessibleDescription(/not linked to a Saleschat user/);
    // The reason shows as a tooltip once the button has keyboard focus.
    const body = within(canvasElement.ownerDocument.body);
    await expect(body.queryByRole('tooltip')).not.toBeInTheDocument();
    await userEvent.tab();
    await expect(button).toHaveFocus();
    await expect(await body.findByRole('tooltip')).toHaveTextContent(
      /not linked to a Saleschat user/,
    );
  },
};

export const SaleschatUnavailable: Story = {
  parameters: saleschat({ scenario: 'SALESCHAT_UNAVAILABLE' }),
  play: async ({ canvas, canvasElement }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Open Saleschat' }));
    const toast = await toastList(canvasElement).findByRole('listitem');
    await expect(toast).toHaveTextContent('Saleschat is not responding right now.');
    await expect(within(toast).getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  },
};

/** Every size and variant; the icon-only one keeps "Open Saleschat" as its accessible name. */
export const SizesAndVariants: Story = {
  render: (args) => (
    <div className="sc-story-row">
      {(['md', 'sm'] as const).map((size) =>
        (['solid', 'outline', 'ghost', 'icon'] as const).map((variant) => (
          <LoginButton key={size + variant} {...args} size={size} variant={variant} />
        )),
      )}
    </div>
  ),
  play: async ({ canvas }) => {
    await expect(canvas.getAllByRole('button', { name: 'Open Saleschat' })).toHaveLength(8);
  },
};

/** `asChild`: the host's own element (here a link) gets the button's behaviour. */
export const AsChild: Story = {
  render: (args) => (
    <LoginButton {...args} asChild>
      <a href="#saleschat">Saleschat dashboard</a>
    </LoginButton>
  ),
  play: async ({ canvas, canvasElement }) => {
    await userEvent.click(canvas.getByRole('link', { name: 'Saleschat dashboard' }));
    const toast = await toastList(canvasElement).findByRole('listitem');
    await waitFor(() => expect(toast).toBeVisible());
    await expect(toast).toHaveTextContent('Saleschat opened in its tab');
  },
};
