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

export type SaleschatToast = ToastInput & {
  id: string;
  /** Unique per `show()`, so a replaced toast is announced again. */
  key: number;
  /** `Date.now()` when shown: a rate-limited toast counts its wait from here. */
  createdAt: number;
};

/** A framework-free list of toasts (like sonner's): usable from any code, React or not. */
export interface ToastStore {
  /** Shows a toast; one with the same `id` is replaced. Returns the id. */
  show(input: ToastInput): string;
  dismiss(id: string): void;
  clear(): void;
  subscribe(listener: () => void): () => void;
  getSnapshot(): readonly SaleschatToast[];
}

export interface ToastStoreOptions {
  /** How many toasts are kept at once; the oldest go first. Default: 3. */
  limit?: number;
}

export function createToastStore({ limit = 3 }: ToastStoreOptions = {}): ToastStore {
  let toasts: readonly SaleschatToast[] = [];
  let counter = 0;
  const listeners = new Set<() => void>();
  const set = (next: readonly SaleschatToast[]) => {
    toasts = next;
    for (const listener of listeners) listener();
  };
  return {
    show(input) {
      const key = ++counter;
      const id = input.id ?? `saleschat-toast-${key}`;
      const toast = { ...input, id, key, createdAt: Date.now() } as SaleschatToast;
      set([...toasts.filter((other) => other.id !== id), toast].slice(-limit));
      return id;
    },
    dismiss(id) {
      if (toasts.some((toast) => toast.id === id)) set(toasts.filter((toast) => toast.id !== id));
    },
    clear() {
      if (toasts.length > 0) set([]);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => toasts,
  };
}

/** The store the buttons write to and `SaleschatToaster` reads by default. */
export const saleschatToasts: ToastStore = createToastStore();
