import type { ChatResponse, LoginResponse, MeResponse, SaleschatError } from '@saleschat-kit/core';

/** Where a call is: one string; the `is*` booleans are derived from it. */
export type SaleschatStatus = 'idle' | 'pending' | 'success' | 'error';

/** The state of the latest call of an action hook (login, open chat). */
export interface SaleschatActionState<TData> {
  status: SaleschatStatus;
  isIdle: boolean;
  isPending: boolean;
  isSuccess: boolean;
  isError: boolean;
  /** The failure, always a `SaleschatError` (e.g. `POPUP_BLOCKED` with the `url` to offer). */
  error: SaleschatError | null;
  data: TData | undefined;
  /** Back to `idle`, e.g. when the user dismisses the error. */
  reset(): void;
}

export interface SaleschatLoginOptions {
  /** The tab's name; the same name reuses the same tab. Default: `'saleschat'`. */
  tabName?: string;
  /** Called once the tab points at the magic link. Default: none. */
  onSuccess?: (data: LoginResponse) => void;
  /** Called when no link came or the browser blocked the tab. Default: none. */
  onError?: (error: SaleschatError) => void;
  /** Throw errors to the nearest error boundary instead of returning them. Default: `false`. */
  throwOnError?: boolean;
}

export interface SaleschatLoginResult extends SaleschatActionState<LoginResponse> {
  /** Opens the Saleschat tab. Call it directly inside the click handler, before any `await`. */
  login(): void;
  /** Fetches a link ahead (on hover or focus) so that the next `login()` navigates at once. */
  prefetch(): void;
}

export interface OpenChatOptions {
  /** Called when the lead's chatroom is assigned to the agent. Default: none. */
  onSuccess?: (data: ChatResponse, crmCustomerId: string) => void;
  /** Called when the call failed. Default: none. */
  onError?: (error: SaleschatError, crmCustomerId: string) => void;
  /** Called after either. Default: none. */
  onSettled?: (
    data: ChatResponse | undefined,
    error: SaleschatError | null,
    crmCustomerId: string,
  ) => void;
  /** Throw errors to the nearest error boundary instead of returning them. Default: `false`. */
  throwOnError?: boolean;
}

export interface OpenChatResult extends SaleschatActionState<ChatResponse> {
  /** Opens (creates if needed, then assigns) the lead's chatroom; ignored while that lead is pending. */
  openChat(crmCustomerId: string): void;
  /** The lead of the latest call. */
  variables: string | undefined;
  /** Whether a call for this lead is under way (from any `useOpenChat` under the same QueryClient). */
  isPendingFor(crmCustomerId: string): boolean;
}

export interface SaleschatMeResult {
  status: 'pending' | 'success' | 'error';
  data: MeResponse | undefined;
  error: SaleschatError | null;
  /** Whether the CRM user has a Saleschat user; `undefined` until known. */
  linked: boolean | undefined;
}
