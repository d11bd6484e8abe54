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

export type Toast = ToastInput & {
  /** Unique per `show()`, so a replaced toast is drawn and announced again. */
  key: number;
  /** `Date.now()` when shown: a rate-limited toast counts its wait from here. */
  createdAt: number;
};

/** How many toasts stay at once; the oldest go first (as in @saleschat-kit/ui). */
const LIMIT = 3;

let list: readonly Toast[] = [];
let counter = 0;
const listeners = new Set<() => void>();
const set = (next: readonly Toast[]) => {
  list = next;
  for (const listener of listeners) listener();
};

/** The page's toasts: the buttons write, every `<saleschat-toaster>` reads. */
export const toasts = {
  show(input: ToastInput): void {
    const toast = { ...input, key: ++counter, createdAt: Date.now() };
    set([...list.filter((other) => other.id !== input.id), toast].slice(-LIMIT));
  },
  dismiss(id: string): void {
    set(list.filter((toast) => toast.id !== id));
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  get: (): readonly Toast[] => list,
};
