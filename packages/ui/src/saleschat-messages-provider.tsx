import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { en } from './en';
import type { SaleschatMessages } from './messages';

const MessagesContext = createContext<SaleschatMessages>(en);

export interface SaleschatMessagesProviderProps {
  /** The texts to use; keys left out fall back to English. Default: English (`en`). */
  messages?: Partial<SaleschatMessages>;
  children?: ReactNode;
}

/** Gives every kit component below it the host's message catalogue (i18n). */
export function SaleschatMessagesProvider({ messages, children }: SaleschatMessagesProviderProps) {
  const value = useMemo(() => ({ ...en, ...messages }), [messages]);
  return <MessagesContext.Provider value={value}>{children}</MessagesContext.Provider>;
}

/** The catalogue in effect: the nearest provider's, or English without one. */
export function useSaleschatMessages(): SaleschatMessages {
  return useContext(MessagesContext);
}
