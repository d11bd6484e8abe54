import type { ChatResponse, SaleschatError } from '@saleschat-kit/core';
import { useOpenChat } from '@saleschat-kit/react';
import { forwardRef } from 'react';
import { ActionButton } from './action-button';
import { ChatIcon } from './icons';
import { formatMessage } from './messages';
import { useSaleschatMessages } from './saleschat-messages-provider';
import { toastError } from './toastError';
import { saleschatToasts } from './toastStore';
import type { SaleschatButtonProps } from './types';

export interface ChatButtonProps extends SaleschatButtonProps {
  /** The lead's id in the CRM (1–128 characters); the proxy looks the lead up by it. Required. */
  crmCustomerId: string;
  /** The lead's name, for the accessible name and the toast. Default: the chatroom's name. */
  leadName?: string;
  /** Called when the chatroom is assigned to the agent. Default: none. */
  onSuccess?: (data: ChatResponse) => void;
  /** Called when the call failed. Default: none. */
  onError?: (error: SaleschatError) => void;
}

/** Gives the agent the lead's Saleschat chatroom: creates the contact if needed, then assigns it. */
export const ChatButton = forwardRef<HTMLButtonElement, ChatButtonProps>(function ChatButton(
  { crmCustomerId, leadName, onSuccess, onError, toast = true, ...props },
  ref,
) {
  const messages = useSaleschatMessages();
  // One toast per lead: a retry's result replaces that lead's previous toast.
  const toastId = (id: string) => `saleschat-chat:${id}`;
  const chat = useOpenChat({
    onSuccess: (data, id) => {
      if (toast) {
        const { contact, assignment } = data;
        const name = leadName ?? data.chatroomName;
        saleschatToasts.show({ id: toastId(id), kind: 'chat', name, contact, assignment });
      }
      onSuccess?.(data);
    },
    onError: (error, id) => {
      if (toast) toastError(toastId(id), error, () => chat.openChat(id));
      onError?.(error);
    },
  });
  // The hook's status is its latest call's; a row reused for another lead starts idle.
  const state = chat.isPendingFor(crmCustomerId)
    ? 'pending'
    : chat.variables === crmCustomerId
      ? chat.status
      : 'idle';
  return (
    <ActionButton
      {...props}
      ref={ref}
      state={state}
      label={messages['chat.label']}
      accessibleLabel={
        leadName === undefined
          ? undefined
          : formatMessage(messages['chat.labelFor'], { name: leadName })
      }
      icon={ChatIcon}
      onActivate={() => chat.openChat(crmCustomerId)}
    />
  );
});
