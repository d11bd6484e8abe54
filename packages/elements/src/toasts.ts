import { createToastList, type ListedToast } from '@saleschat-kit/core/toasts';
import type {
  AssignedTo,
  AssignmentOutcome,
  ContactOutcome,
  SaleschatError,
} from '@saleschat-kit/core';

/** What a toast says, as data: `<saleschat-toaster>` turns it into words with the catalogue. */
export type ToastInput = { id: string } & (
  | { kind: 'login' }
  /**
   * `assignedTo` is the /chat answer's route when not the agent; `open` runs Login from the
   * toast's "Open Saleschat" click, and its events go to `target`.
   */
  | {
      kind: 'chat';
      name: string;
      contact: ContactOutcome;
      assignment: AssignmentOutcome;
      assignedTo?: AssignedTo;
      open: (target: HTMLElement) => void;
    }
  /** `retry` repeats the failed action from the toast's click; `tabName` is the POPUP_BLOCKED link's tab. */
  | { kind: 'error'; error: SaleschatError; retry: () => void; tabName: string }
);

export type Toast = ListedToast<ToastInput>;

/** The page's toasts: the buttons write, every `<saleschat-toaster>` reads (3 at most, as in @saleschat-kit/ui). */
export const toasts = createToastList<ToastInput>();
