import { formatMessage, type SaleschatMessages } from '@saleschat-kit/core/messages';
import { ActionButton } from './action-button';
import { runChat } from './actions';

/**
 * `<saleschat-chat-button crm-customer-id="…" lead-name="…">`: gives the agent the lead's
 * Saleschat chatroom (creates the contact if needed, then assigns it). `crm-customer-id` is the
 * lead's id in the CRM (required); `lead-name` names the lead in the accessible name and the
 * toast (default: the chatroom's name). Other attributes: see `ActionButton`.
 */
export class SaleschatChatButtonElement extends ActionButton {
  /** A speech bubble. */
  protected readonly iconPath = 'M2 3h12v8H7l-3 3v-3H2z';

  protected label(catalogue: SaleschatMessages): string {
    return catalogue['chat.label'];
  }

  protected override accessibleLabel(catalogue: SaleschatMessages): string | undefined {
    const name = this.getAttribute('lead-name');
    return name === null ? undefined : formatMessage(catalogue['chat.labelFor'], { name });
  }

  protected activate(): void {
    runChat(
      this,
      this.session,
      // A missing id is refused by the client as INVALID_INPUT, shown like any error.
      this.getAttribute('crm-customer-id') ?? '',
      this.getAttribute('lead-name') ?? undefined,
      this.tabName,
      this.setState,
    );
  }
}
