import type { ChatResponse, SaleschatError } from '@saleschat-kit/core';
import { useOpenChat } from '@saleschat-kit/react';
import { forwardRef } from 'react';
import { ActionButton } from './action-button';
import { ChatIcon } from './icons';
import { useLoginWithToasts } from './login-button';
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
  /** The tab the success toast's "Open Saleschat" opens; the same name reuses the same tab. Default: `'saleschat'`. */
  tabName?: string;
  /** Called when the chatroom is assigned to the agent. Default: none. */
  onSuccess?: (data: ChatResponse) => void;
  /** Called when the call failed. Default: none. */
  onError?: (error: SaleschatError) => void;
}

/**
 * Gives the agent the lead's Saleschat chatroom: creates the contact if needed, then assigns it.
 * Its success toast offers "Open Saleschat" (Login, from that click).
 */
export const ChatButton = forwardRef<HTMLButtonElement, ChatButtonProps>(function ChatButton(
  { crmCustomerId, leadName, tabName, onSuccess, onError, toast = true, ...props },
  ref,
) {
  const messages = useSaleschatMessages();
  // The success toast's "Open Saleschat" runs Login from its own click.
  const login = useLoginWithToasts({ tabName });
  // One toast per lead: a retry's result replaces that lead's previous toast.
  const toastId = (id: string) => `saleschat-chat:${id}`;
  const chat = useOpenChat({
    onSuccess: (data, id) => {
      if (toast) {
        saleschatToasts.show({
          ...data,
          id: toastId(id),
          kind: 'chat',
          name: leadName ?? data.chatroomName,
          open: login.login,
        });
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
