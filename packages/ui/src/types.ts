import type { ButtonHTMLAttributes } from 'react';

/** Props both buttons share; every other prop goes to the `<button>` (or the `asChild` element). */
export interface SaleschatButtonProps extends Omit<
  ButtonHTMLAttributes<HTMLButtonElement>,
  'onError'
> {
  /** Height and padding. Default: `'md'`. */
  size?: 'sm' | 'md';
  /** Look; `'icon'` shows only the icon and keeps the label as the accessible name. Default: `'solid'`. */
  variant?: 'solid' | 'outline' | 'ghost' | 'icon';
  /** Render the single child element (e.g. a router link) with the button's props. Default: `false`. */
  asChild?: boolean;
  /** Leave out the kit's classes; ARIA and `data-*` attributes stay. Default: `false`. */
  unstyled?: boolean;
  /**
   * Disables the button and says why (shown on hover and focus, announced as its description).
   * The button stays focusable so keyboard and screen reader users can read the reason.
   * Default: none, or the "not linked" reason when the CRM user has no Saleschat user.
   */
  disabledReason?: string;
  /** Show the kit's success and error toasts (needs a `SaleschatToaster`). Default: `true`. */
  toast?: boolean;
}
