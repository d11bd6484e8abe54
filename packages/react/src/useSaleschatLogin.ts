import { openSaleschatTab, type LoginResponse } from '@saleschat-kit/core';
import type { SaleschatLoginOptions, SaleschatLoginResult } from './types';
import { useSaleschatMutation } from './useSaleschatMutation';

const LOGIN_KEY = ['saleschat', 'login'];

/** Logs the CRM user into Saleschat in its own tab (reused across clicks). */
export function useSaleschatLogin({
  tabName,
  ...options
}: SaleschatLoginOptions = {}): SaleschatLoginResult {
  // The tab must open inside the click, so `login()` starts the work and the mutation only
  // tracks it: a mutationFn runs after the mutation's own awaits, too late for a popup.
  const [client, queryClient, mutation] = useSaleschatMutation(
    'useSaleschatLogin',
    (_, opening: Promise<LoginResponse>) => opening,
    options,
  );
  // One request for a prefetch in flight and the click (or a double click). `staleTime: 0`
  // whatever the host's defaults: whether a cached link is still usable is `prefetched()`'s call.
  const fetchLink = () =>
    queryClient.fetchQuery({ queryKey: LOGIN_KEY, queryFn: () => client.login(), staleTime: 0 });
  // A link expiring within seconds could die before the tab has loaded it.
  const prefetched = () => {
    const link = queryClient.getQueryData<LoginResponse>(LOGIN_KEY);
    return link && Date.parse(link.expiresAt) - Date.now() > 10_000 ? link : undefined;
  };

  return {
    ...mutation,
    login: () => {
      const link = prefetched();
      const response = link ?? fetchLink();
      mutation.mutate(
        openSaleschatTab(link?.url ?? (async () => (await response).url), {
          name: tabName,
        }).then(() => response),
      );
    },
    prefetch: () => {
      if (!prefetched()) fetchLink().catch(() => {});
    },
  };
}
