/**
 * The elements' attributes as types, for a framework's templates: declare them as JSX intrinsic
 * elements (React, Preact, Solid, Vue's TSX) — see the README — and an attribute typo fails the
 * type check.
 */

/** Attributes both buttons take. */
export interface SaleschatButtonAttributes {
  /** Where the host mounted the proxy. Default: the page's (`configure()`, `<meta name="saleschat-base-url">`, `'/api/saleschat'`). */
  'base-url'?: string;
  /** Height and padding. Default: `'md'`. */
  size?: 'sm' | 'md';
  /** Look; `'icon'` shows only the icon and keeps the label as the accessible name. Default: `'solid'`. */
  variant?: 'solid' | 'outline' | 'ghost' | 'icon';
  /** Colour scheme. Default: `'light'`. */
  theme?: 'light' | 'dark' | 'system';
  /** Disables the button and says why; it stays focusable so the reason can be read. Default: none, or "not linked". */
  'disabled-reason'?: string;
  /** Disables the button without a reason (not focusable). Default: absent. */
  disabled?: boolean;
  /** The Saleschat tab's name; the same name reuses the same tab. Default: `'saleschat'`. */
  'tab-name'?: string;
}

/** `<saleschat-chat-button>`'s attributes. */
export interface SaleschatChatButtonAttributes extends SaleschatButtonAttributes {
  /** The lead's id in the CRM (1–128 characters). Required. */
  'crm-customer-id': string;
  /** The lead's name, for the accessible name and the toast. Default: the chatroom's name. */
  'lead-name'?: string;
}

/** `<saleschat-toaster>`'s attributes. */
export interface SaleschatToasterAttributes {
  /** How long a success toast stays, in ms; errors stay until dismissed. Default: 5000. */
  duration?: number | string;
  /** Colour scheme. Default: `'light'`. */
  theme?: 'light' | 'dark' | 'system';
}

/** Each element's attributes, by tag name. */
export interface SaleschatElementAttributes {
  'saleschat-login-button': SaleschatButtonAttributes;
  'saleschat-chat-button': SaleschatChatButtonAttributes;
  'saleschat-toaster': SaleschatToasterAttributes;
}
