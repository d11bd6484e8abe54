import type { SaleschatClient } from '@saleschat-kit/core';
import { createContext, useContext } from 'react';

export const SaleschatContext = createContext<SaleschatClient | null>(null);

/** The provider's client, or an error that names the hook and says how to fix the tree. */
export function useSaleschat(hook: string): SaleschatClient {
  const client = useContext(SaleschatContext);
  if (!client) throw new Error(`${hook}() must be called inside <SaleschatProvider>.`);
  return client;
}
