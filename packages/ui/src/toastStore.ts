import {
  createToastList,
  type ListedToast,
  type ToastList,
  type ToastListOptions,
} from '@saleschat-kit/core/toasts';
import type {
  AssignedTo,
  AssignmentOutcome,
  ContactOutcome,
  SaleschatError,
} from '@saleschat-kit/core';

/** What a toast says, as data: the toaster turns it into words with the message catalogue. */
export type ToastInput = { id?: string } & (
  | { kind: 'login' }
  /**
   * `assignedTo` is the /chat answer's route when not the agent; `open` runs Login from the
   * toast's "Open Saleschat" click (the action is offered only when given).
   */
  | {
      kind: 'chat';
      name: string;
      contact: ContactOutcome;
      assignment: AssignmentOutcome;
      assignedTo?: AssignedTo;
      open?: () => void;
    }
  /**
   * `retry` is offered for errors where trying again can help; `tabName` is the tab a
   * POPUP_BLOCKED link opens (default `'saleschat'`).
   */
  | { kind: 'error'; error: SaleschatError; retry?: () => void; tabName?: string }
  /** A host's own words, already translated. */
  | { kind: 'message'; tone: 'success' | 'error'; title: string; description?: string }
);

export type SaleschatToast = ListedToast<ToastInput>;

/** The list of toasts a `SaleschatToaster` draws (core's framework-free list, typed for it). */
export type ToastStore = ToastList<ToastInput>;
export type ToastStoreOptions = ToastListOptions;

export const createToastStore = (options?: ToastStoreOptions): ToastStore =>
  createToastList<ToastInput>(options);

/** The store the buttons write to and `SaleschatToaster` reads by default. */
export const saleschatToasts: ToastStore = createToastStore();
