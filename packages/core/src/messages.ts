/**
 * The kit's message catalogue: every word the buttons and toasts show, in English, and the type a
 * translation fills in. Framework-free and safe on a server, so the React components, the custom
 * elements and a server component can all import it (`@saleschat-kit/core/messages`).
 */
import type { ChatResponse, SaleschatErrorCode } from './contract';

/** One human sentence per error code; the toast shows it as its title. */
export type SaleschatErrorMessages = { [Code in SaleschatErrorCode as `error.${Code}`]: string };

/**
 * Every word the kit shows or announces. Placeholders in braces (`{name}`) are filled in by the
 * kit. A host passes a partial catalogue (`SaleschatMessagesProvider` in React, `configure()` for
 * the custom elements); missing keys fall back to English.
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
  /** Instead of the assignment when the host routes the chat to a group: `{group}`. */
  'chat.assignedTo.group': string;
  /** Instead of the assignment when the chatroom is assigned once the lead replies. */
  'chat.assignedTo.handover': string;
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

/**
 * The Chat success toast's title: `chat.success` with the contact outcome and where the chatroom
 * went (the calling agent's assignment outcome, or the host's route from `assignedTo`). Written
 * once here, so the React toaster and the custom elements say the same.
 */
export function chatSuccessMessage(
  catalogue: SaleschatMessages,
  name: string,
  { contact, assignment, assignedTo }: Pick<ChatResponse, 'contact' | 'assignment' | 'assignedTo'>,
): string {
  return formatMessage(catalogue['chat.success'], {
    name,
    contact: catalogue[`chat.contact.${contact}`],
    assignment: assignedTo
      ? formatMessage(catalogue[`chat.assignedTo.${assignedTo.to}`], {
          group: assignedTo.to === 'group' ? assignedTo.groupName : '',
        })
      : catalogue[`chat.assignment.${assignment}`],
  });
}

/** The English catalogue, and the fallback for every key a host leaves out. */
export const en: SaleschatMessages = {
  'login.label': 'Open Saleschat',
  'login.success': 'Saleschat opened in its tab',
  'chat.label': 'Chat',
  'chat.labelFor': 'Chat with {name}',
  'chat.success': 'Chat with {name} ready — {contact}, {assignment}',
  'chat.contact.created': 'contact created',
  'chat.contact.existing': 'existing contact',
  'chat.assignment.assigned': 'assigned to you',
  'chat.assignment.reassigned': 'reassigned to you',
  'chat.assignment.unchanged': 'already assigned to you',
  'chat.assignedTo.group': 'assigned to the {group} team',
  'chat.assignedTo.handover': 'assigned when the lead replies',
  'reason.notLinked':
    'Your CRM account is not linked to a Saleschat user. Ask an administrator to link it.',
  'toast.region': 'Saleschat notifications ({hotkey})',
  'toast.close': 'Dismiss',
  'toast.retry': 'Retry',
  'toast.retryIn': 'Try again in {seconds} s.',
  'toast.retryNow': 'You can try again now.',
  'toast.popupHint': 'Open it with the link instead.',
  'toast.openSaleschat': 'Open Saleschat',
  'toast.requestId': 'Request id',
  'toast.copy': 'Copy request id',
  'toast.copied': 'Request id copied',
  'error.INVALID_INPUT': 'Saleschat cannot use this lead: its CRM id is not valid.',
  'error.UNAUTHENTICATED': 'Your CRM session has ended. Sign in again.',
  'error.FORBIDDEN': 'You are not allowed to do this.',
  'error.LEAD_NOT_FOUND': 'This lead was not found in the CRM.',
  'error.OPT_IN_MISSING':
    'This lead has not opted in to WhatsApp messages (no opt-in date in the CRM), so Saleschat may not contact them.',
  'error.USER_NOT_LINKED':
    'Your CRM account is not linked to a Saleschat user. Ask an administrator to link it.',
  'error.CONTACT_NEEDS_REPAIR':
    "Saleschat may already have this lead's contact, but the server does not know its id. An administrator must link it: find the contact in Saleschat (its chatroom is named after the lead's CRM id) and run saleschat-kit contacts link with its contact id.",
  'error.RATE_LIMITED': 'Too many requests to Saleschat.',
  'error.INTERNAL': 'Something went wrong on the server.',
  'error.SALESCHAT_ERROR': 'Saleschat refused the request.',
  'error.SALESCHAT_UNAVAILABLE': 'Saleschat is not responding right now.',
  'error.STORE_UNAVAILABLE': 'The server cannot reach its database right now.',
  'error.NETWORK': 'Could not reach the server. Check your connection.',
  'error.TIMEOUT': 'The server took too long to answer.',
  'error.POPUP_BLOCKED': 'Your browser blocked the Saleschat tab.',
  'error.ABORTED': 'The request was cancelled.',
};
