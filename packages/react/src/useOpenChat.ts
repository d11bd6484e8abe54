import { useIsMutating } from '@tanstack/react-query';
import type { OpenChatOptions, OpenChatResult } from './types';
import { useSaleschatMutation } from './useSaleschatMutation';

const CHAT_KEY = ['saleschat', 'chat'];

/**
 * Opens a lead's chatroom for the calling agent. One instance can serve a whole leads list:
 * `isPendingFor(id)` tells which rows are under way, and a click for a pending lead sends nothing.
 */
export function useOpenChat(options: OpenChatOptions = {}): OpenChatResult {
  const [, queryClient, mutation] = useSaleschatMutation(
    'useOpenChat',
    (client, crmCustomerId: string) => client.openChat({ crmCustomerId }),
    options,
    CHAT_KEY,
  );
  // Re-renders when any lead's call starts or ends, not only the latest one.
  useIsMutating({ mutationKey: CHAT_KEY });
  // Read from the cache at call time, so a double click within one render still sends once.
  const isPendingFor = (crmCustomerId: string) =>
    queryClient.isMutating({
      mutationKey: CHAT_KEY,
      predicate: (pending) => pending.state.variables === crmCustomerId,
    }) > 0;
  return {
    ...mutation,
    openChat: (crmCustomerId) => {
      if (!isPendingFor(crmCustomerId)) mutation.mutate(crmCustomerId);
    },
    isPendingFor,
  };
}
