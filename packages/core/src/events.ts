import type { SaleschatError } from './saleschatError';

export type SaleschatOperation = 'login' | 'chat' | 'me';

/**
 * One step of one call, for host analytics. It carries no personal data: no customer id, no URL,
 * no phone number — only what was called, how long it took and how it failed.
 */
export interface SaleschatEvent {
  type: 'start' | 'success' | 'error';
  operation: SaleschatOperation;
  requestId: string;
  /** Milliseconds since the call started (0 for `start`). */
  durationMs: number;
  error?: SaleschatError;
}

export type SaleschatEventListener = (event: SaleschatEvent) => void;
