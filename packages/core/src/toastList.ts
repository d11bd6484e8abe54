/** A shown toast: what it says (`Input`, a caller's own shape) and the list's bookkeeping. */
export type ListedToast<Input> = Input & {
  id: string;
  /** Unique per `show()`, so a replaced toast is drawn and announced again. */
  key: number;
  /** `Date.now()` when shown: a rate-limited toast counts its wait from here. */
  createdAt: number;
};

/**
 * A framework-free list of toasts (like sonner's), for any toaster: the buttons write to it,
 * a toaster subscribes and draws `getSnapshot()`. Both the React toaster and the custom
 * element use it, each with its own toast shape.
 */
export interface ToastList<Input> {
  /** Shows a toast; one with the same `id` is replaced. Returns the id. */
  show(input: Input & { id?: string }): string;
  dismiss(id: string): void;
  clear(): void;
  subscribe(listener: () => void): () => void;
  getSnapshot(): readonly ListedToast<Input>[];
}

export interface ToastListOptions {
  /** How many toasts are kept at once; the oldest go first. Default: 3. */
  limit?: number;
}

export function createToastList<Input>({ limit = 3 }: ToastListOptions = {}): ToastList<Input> {
  let toasts: readonly ListedToast<Input>[] = [];
  let counter = 0;
  const listeners = new Set<() => void>();
  // A new array on every change, so a subscriber can compare snapshots by identity.
  const set = (next: readonly ListedToast<Input>[]) => {
    toasts = next;
    for (const listener of listeners) listener();
  };
  return {
    show(input) {
      const key = ++counter;
      const id = input.id ?? `saleschat-toast-${key}`;
      const toast = { ...input, id, key, createdAt: Date.now() } as ListedToast<Input>;
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
