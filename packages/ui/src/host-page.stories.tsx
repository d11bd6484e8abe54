import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import type { SaleschatStoryParameters } from '../storybook/kit';
import { ChatButton } from './chat-button';
import { LoginButton } from './login-button';
import kitCss from './styles.css?inline';

/**
 * The kit inside a host's page, as a host sees it: the page keeps its own colours whatever the
 * system's colour scheme, and the kit's elements (theme `'system'` here) follow the system. The
 * Vitest runs render each story with the system light and with it dark, so the two host pages
 * below cover the four host × system combinations.
 */
function HostPage() {
  return (
    <>
      <h1>Leads</h1>
      <p>Agent: Ada Lovelace</p>
      <div className="sc-story-row">
        <button type="button">Call</button>
        {(['solid', 'outline', 'ghost', 'icon'] as const).map((variant) => (
          <ChatButton
            key={variant}
            crmCustomerId="lead-42"
            leadName="Ada Lovelace"
            variant={variant}
          />
        ))}
        <LoginButton variant="icon" size="sm" />
        <ChatButton
          crmCustomerId="lead-7"
          disabledReason="Add a phone number to this lead first."
        />
      </div>
    </>
  );
}

const meta = {
  title: 'Host page',
  component: HostPage,
  globals: { theme: 'system' },
} satisfies Meta<typeof HostPage>;

export default meta;
type Story = StoryObj<typeof meta>;

const saleschat = (parameters: SaleschatStoryParameters) => ({ saleschat: parameters });

/** The colours a host element ends up with: what the kit's stylesheet must not change. */
const HOST_PROPERTIES = ['color', 'backgroundColor', 'colorScheme'] as const;

/**
 * A bare host page (no colours of its own, as on the demo's sign-in page) in a frame of the same
 * system scheme: its elements' computed colours before and after the kit's stylesheet loads.
 */
async function hostColoursAroundLoading(): Promise<{ before: string[]; after: string[] }> {
  const frame = document.createElement('iframe');
  frame.srcdoc = '<!doctype html><p>Ada Lovelace</p><button type="button">Call</button>';
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  try {
    await loaded;
    const page = frame.contentDocument as Document;
    const read = () =>
      [page.documentElement, page.body, ...page.body.children].flatMap((element) => {
        const style = page.defaultView?.getComputedStyle(element);
        return HOST_PROPERTIES.map((name) => `${element.tagName} ${name}: ${style?.[name]}`);
      });
    const before = read();
    const style = page.createElement('style');
    style.textContent = kitCss;
    page.head.append(style);
    return { before, after: read() };
  } finally {
    frame.remove();
  }
}

/** WCAG's relative luminance of a computed colour (`rgb(…)`, `rgba(…)` or `color(srgb …)`). */
function luminance(colour: string): number {
  const numbers = (colour.match(/[\d.]+/g) ?? []).map(Number);
  const srgb = colour.startsWith('color(')
    ? numbers.slice(0, 3)
    : numbers.slice(0, 3).map((value) => value / 255);
  const [r = 0, g = 0, b = 0] = srgb.map((value) =>
    value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4,
  );
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string) => {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
};

async function checkHostPage(canvasElement: HTMLElement, hostBackground: string) {
  // The page's own colours: unchanged by the kit's stylesheet, in either system scheme.
  const { before, after } = await hostColoursAroundLoading();
  await expect(after).toEqual(before);
  const page = canvasElement.querySelector('.sc-story') ?? canvasElement;
  await expect(getComputedStyle(page).backgroundColor).toBe(hostBackground);
  await expect(getComputedStyle(document.documentElement).colorScheme).toBe('normal');

  // The kit's elements follow the system: their own scheme, their own background.
  const dark = matchMedia('(prefers-color-scheme: dark)').matches;
  const canvas = within(canvasElement);
  const ghost = canvas.getAllByRole('button', { name: 'Chat with Ada Lovelace' })[2] as HTMLElement;
  await expect(getComputedStyle(ghost).backgroundColor).toBe(
    dark ? 'rgb(22, 27, 34)' : 'rgb(255, 255, 255)',
  );
  for (const button of canvasElement.querySelectorAll<HTMLElement>('.sc-btn')) {
    const style = getComputedStyle(button);
    if (button.getAttribute('aria-disabled') !== 'true') {
      // Text (and the icon) against the button's own background: at least 4.5:1.
      await expect(contrast(style.color, style.backgroundColor)).toBeGreaterThanOrEqual(4.5);
    }
    if (button.dataset.variant === 'icon') {
      // The icon-only button's boundary against the host page: at least 3:1.
      await expect(contrast(style.borderTopColor, hostBackground)).toBeGreaterThanOrEqual(3);
    }
  }
}

export const LightHostPage: Story = {
  globals: { host: 'light' },
  play: ({ canvasElement }) => checkHostPage(canvasElement, 'rgb(255, 255, 255)'),
};

export const DarkHostPage: Story = {
  globals: { host: 'dark' },
  play: ({ canvasElement }) => checkHostPage(canvasElement, 'rgb(13, 17, 23)'),
};

const REASON = 'Add a phone number to this lead first.';

/**
 * The disabled reason's tooltip inside a host container that clips its overflow: portalled, it is
 * drawn whole; Escape hides it; it stays open while the pointer is on it.
 */
export const ReasonTooltip: Story = {
  render: () => (
    <div className="sc-story-clip">
      <ChatButton crmCustomerId="lead-42" leadName="Ada Lovelace" disabledReason={REASON} />
    </div>
  ),
  play: async ({ canvasElement }) => {
    const body = within(document.body);
    const button = within(canvasElement).getByRole('button', { name: 'Chat with Ada Lovelace' });
    await expect(button).toHaveAccessibleDescription(REASON);

    await userEvent.tab();
    await expect(button).toHaveFocus();
    const tooltip = await body.findByRole('tooltip');
    await expect(tooltip).toHaveTextContent(REASON);
    // Drawn past the clipping container's edge, and on top there: not cut off by it.
    const clip = canvasElement.querySelector('.sc-story-clip') as HTMLElement;
    await waitFor(() => {
      const shown = tooltip.getBoundingClientRect();
      const edge = clip.getBoundingClientRect().bottom;
      expect(shown.bottom).toBeGreaterThan(edge + 8);
      const outside = document.elementFromPoint(shown.x + shown.width / 2, shown.bottom - 4);
      expect(tooltip.contains(outside)).toBe(true);
    });

    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(body.queryByRole('tooltip')).not.toBeInTheDocument());
    await expect(button).toHaveFocus();

    // Hovered, then the pointer moves onto the tooltip: it stays open.
    button.blur();
    await userEvent.hover(button);
    const hovered = await body.findByRole('tooltip');
    await userEvent.hover(hovered);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await expect(hovered).toBeInTheDocument();
  },
};

const region = () => within(document.body).getByRole('region', { name: /Saleschat notifications/ });

/** Dismissing a toast, by × or by Escape, gives focus back to where it was (the Chat button). */
export const FocusReturnsAfterDismiss: Story = {
  render: () => <ChatButton crmCustomerId="lead-42" leadName="Ada Lovelace" />,
  parameters: saleschat({ scenario: 'SALESCHAT_ERROR' }),
  play: async ({ canvasElement }) => {
    const button = within(canvasElement).getByRole('button', { name: 'Chat with Ada Lovelace' });
    await userEvent.click(button);
    let toast = await within(region()).findByRole('listitem');
    const close = within(toast).getByRole('button', { name: 'Dismiss' });
    // Every toast control is at least 24 × 24 CSS px.
    for (const control of within(toast).getAllByRole('button')) {
      const { width, height } = control.getBoundingClientRect();
      await expect(Math.min(width, height)).toBeGreaterThanOrEqual(24);
    }
    await userEvent.click(close);
    await waitFor(() => expect(toast).not.toBeInTheDocument());
    await expect(button).toHaveFocus();

    await userEvent.click(button);
    toast = await within(region()).findByRole('listitem');
    // F8 takes focus to the toasts, as Radix's hotkey does.
    await userEvent.keyboard('[F8]');
    await waitFor(() => expect(region().contains(document.activeElement)).toBe(true));
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(toast).not.toBeInTheDocument());
    await expect(button).toHaveFocus();
  },
};

/**
 * A 320 px wide window: the error toast, which spans the width, moves to the top rather than
 * cover the focused button at the bottom (WCAG 2.4.11), and nothing scrolls sideways.
 */
export const NarrowScreen: Story = {
  render: () => (
    <div className="sc-story-bottom">
      <ChatButton crmCustomerId="lead-42" leadName="Ada Lovelace" />
    </div>
  ),
  parameters: {
    ...saleschat({ scenario: 'SALESCHAT_ERROR' }),
    viewport: {
      options: {
        narrow: { name: 'Narrow (320 px)', styles: { width: '320px', height: '568px' } },
      },
    },
  },
  globals: { viewport: { value: 'narrow' } },
  play: async ({ canvasElement }) => {
    await expect(window.innerWidth).toBe(320);
    const button = within(canvasElement).getByRole('button', { name: 'Chat with Ada Lovelace' });
    await userEvent.click(button);
    const toast = await within(region()).findByRole('listitem');
    await expect(button).toHaveFocus();
    await waitFor(() => {
      const covered = toast.getBoundingClientRect();
      const focused = button.getBoundingClientRect();
      expect(covered.bottom <= focused.top || covered.top >= focused.bottom).toBe(true);
    });
    await expect(document.documentElement.scrollWidth).toBeLessThanOrEqual(320);
  },
};

/**
 * The kit's rules sit in the `saleschat-kit` layer: a host's class outside any layer, and a
 * utility in a layer declared after the kit's (Tailwind v4's `utilities`), both win on a styled
 * button. `unstyled` leaves the icon at 1em.
 */
export const HostClassesWin: Story = {
  render: () => (
    <div className="sc-story-row">
      <ChatButton
        crmCustomerId="lead-42"
        leadName="Ada Lovelace"
        className="host-pill host-utility-text"
      />
      <ChatButton crmCustomerId="lead-7" leadName="Alan Turing" unstyled />
    </div>
  ),
  play: async ({ canvas }) => {
    const styled = canvas.getByRole('button', { name: 'Chat with Ada Lovelace' });
    await expect(styled).toHaveClass('sc-btn');
    const style = getComputedStyle(styled);
    await expect(style.borderTopLeftRadius).toBe('999px');
    await expect(style.backgroundColor).toBe('rgb(128, 0, 128)');
    await expect(style.color).toBe('rgb(255, 255, 0)');

    const bare = canvas.getByRole('button', { name: 'Chat with Alan Turing' });
    const icon = bare.querySelector('svg') as SVGElement;
    const fontSize = parseFloat(getComputedStyle(bare).fontSize);
    const { width, height } = icon.getBoundingClientRect();
    await expect(width).toBeCloseTo(fontSize, 0);
    await expect(height).toBeCloseTo(fontSize, 0);
  },
};
