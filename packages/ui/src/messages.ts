import type { SaleschatErrorCode } from '@saleschat-kit/core';

/** One human sentence per error code; the toast shows it as its title. */
export type SaleschatErrorMessages = { [Code in SaleschatErrorCode as `error.${Code}`]: string };

/**
 * Every word the kit shows or announces. Placeholders in braces (`{name}`) are filled in by the
 * kit. A host passes a partial catalogue to `SaleschatMessagesProvider`; missing keys fall back
 * to English.
 */
export interface SaleschatMessages extends SaleschatErrorMessages {
  /** LoginButton's label. */
  'login.label': string;
  /** Toast after the login tab opened. */
  'login.success': string;
  /** ChatButton's visible label. */
  'chat.label': string;
  /** ChatButton's accessible name when the lead's name is known: `{name}`. */
  'chat.labelFor': string;
  /** Toast after a chat is ready: `{name}`, `{contact}`, `{assignment}`. */
  'chat.success': string;
  'chat.contact.created': string;
  'chat.contact.existing': string;
  'chat.assignment.assigned': string;
  'chat.assignment.reassigned': string;
  'chat.assignment.unchanged': string;
  /** Why both buttons are disabled when the CRM user has no Saleschat user. */
  'reason.notLinked': string;
  /** The toast region's name: `{hotkey}` is the key that focuses it. */
  'toast.region': string;
  'toast.close': string;
  'toast.retry': string;
  /** RATE_LIMITED, while waiting: `{seconds}`. */
  'toast.retryIn': string;
  /** RATE_LIMITED, once the wait is over. */
  'toast.retryNow': string;
  /** POPUP_BLOCKED: what to do instead. */
  'toast.popupHint': string;
  /** POPUP_BLOCKED: the link that opens Saleschat. */
  'toast.openSaleschat': string;
  'toast.requestId': string;
  'toast.copy': string;
  'toast.copied': string;
}

/** Fills `{placeholders}`; an unknown placeholder stays as written so a typo is visible. */
export function formatMessage(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in values ? String(values[key]) : whole,
  );
}
