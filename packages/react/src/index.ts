'use client';

export { SaleschatProvider } from './saleschat-provider';
export type { SaleschatProviderProps } from './saleschat-provider';
export { useSaleschatLogin } from './useSaleschatLogin';
export { useOpenChat } from './useOpenChat';
export { useSaleschatMe } from './useSaleschatMe';
export type {
  OpenChatOptions,
  OpenChatResult,
  SaleschatActionState,
  SaleschatLoginOptions,
  SaleschatLoginResult,
  SaleschatMeResult,
  SaleschatStatus,
} from './types';
