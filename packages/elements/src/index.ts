import type { ChatResponse, LoginResponse, SaleschatError } from '@saleschat-kit/core';
import { SaleschatChatButtonElement } from './chat-button';
import { SaleschatLoginButtonElement } from './login-button';
import { SaleschatToasterElement } from './saleschat-toaster';

export { configure } from './configure';
export type { SaleschatElementsOptions } from './configure';
export type { ActionState } from './actions';
export type {
  SaleschatButtonAttributes,
  SaleschatChatButtonAttributes,
  SaleschatElementAttributes,
  SaleschatToasterAttributes,
} from './types';
export { SaleschatChatButtonElement, SaleschatLoginButtonElement, SaleschatToasterElement };

/**
 * Importing the package defines the elements (once, even if two copies load). On a server there
 * is no `customElements`: nothing is defined, and the import still succeeds.
 */
for (const [name, element] of [
  ['saleschat-login-button', SaleschatLoginButtonElement],
  ['saleschat-chat-button', SaleschatChatButtonElement],
  ['saleschat-toaster', SaleschatToasterElement],
] as const) {
  if (globalThis.customElements && !customElements.get(name)) customElements.define(name, element);
}

declare global {
  interface HTMLElementTagNameMap {
    'saleschat-login-button': SaleschatLoginButtonElement;
    'saleschat-chat-button': SaleschatChatButtonElement;
    'saleschat-toaster': SaleschatToasterElement;
  }
  interface GlobalEventHandlersEventMap {
    /** A button's action succeeded (cancel it to skip the kit's toast). */
    'saleschat-success': CustomEvent<LoginResponse | ChatResponse>;
    /** A button's action failed (cancel it to skip the kit's toast). */
    'saleschat-error': CustomEvent<SaleschatError>;
  }
}
