import type { SaleschatMessages } from '@saleschat-kit/core/messages';
import { ActionButton } from './action-button';
import { prefetchLink, runLogin } from './actions';

/**
 * `<saleschat-login-button>`: opens the Saleschat dashboard as the current CRM user, in its own
 * tab, reused on every click. Prefetches the magic link on hover and focus, so the click
 * navigates at once. Attributes: see `ActionButton`.
 */
export class SaleschatLoginButtonElement extends ActionButton {
  /** A box with an arrow leaving it: "opens elsewhere". */
  protected readonly iconPath = 'M7 3H3v10h10V9M10 2h4v4M14 2 7 9';

  protected label(catalogue: SaleschatMessages): string {
    return catalogue['login.label'];
  }

  protected activate(): void {
    runLogin(this, this.session, this.tabName, this.setState);
  }

  protected override intent(): void {
    prefetchLink(this.session);
  }
}
