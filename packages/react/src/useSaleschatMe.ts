import type { MeResponse, SaleschatError } from '@saleschat-kit/core';
import { useQuery } from '@tanstack/react-query';
import { useSaleschat } from './saleschatContext';
import type { SaleschatMeResult } from './types';

/** Whether the calling CRM user has a Saleschat user, so the UI can disable Login with a reason. */
export function useSaleschatMe(): SaleschatMeResult {
  const client = useSaleschat('useSaleschatMe');
  // The client only ever rejects with a `SaleschatError`.
  const query = useQuery<MeResponse, SaleschatError>({
    queryKey: ['saleschat', 'me'],
    // No abort signal on purpose: TanStack cancels a query whose signal was read when its last
    // observer goes, and StrictMode's remount would then ask a second time.
    queryFn: () => client.me(),
  });
  return { ...query, linked: query.data?.linked };
}
