import { SaleschatError } from '@saleschat-kit/core';
import { describe, expect, it } from 'vitest';
import { createToastStore } from './toastStore';

describe('createToastStore', () => {
  it('shows toasts in order and tells subscribers', () => {
    const store = createToastStore();
    const seen: number[] = [];
    store.subscribe(() => seen.push(store.getSnapshot().length));
    store.show({ kind: 'login' });
    store.show({ kind: 'message', tone: 'success', title: 'Saved' });
    expect(store.getSnapshot().map((toast) => toast.kind)).toEqual(['login', 'message']);
    expect(seen).toEqual([1, 2]);
  });

  it('replaces a toast shown again under the same id, with a new key', () => {
    const store = createToastStore();
    store.show({ id: 'lead-1', kind: 'error', error: new SaleschatError({ code: 'NETWORK' }) });
    const first = store.getSnapshot()[0];
    store.show({
      id: 'lead-1',
      kind: 'chat',
      name: 'Ada',
      contact: 'created',
      assignment: 'assigned',
    });
    const toasts = store.getSnapshot();
    expect(toasts).toHaveLength(1);
    expect(toasts[0]).toMatchObject({ id: 'lead-1', kind: 'chat' });
    expect(toasts[0]?.key).not.toBe(first?.key);
  });

  it('keeps only the newest toasts up to its limit', () => {
    const store = createToastStore({ limit: 2 });
    for (const title of ['one', 'two', 'three']) {
      store.show({ kind: 'message', tone: 'success', title });
    }
    expect(store.getSnapshot().map((toast) => toast.kind === 'message' && toast.title)).toEqual([
      'two',
      'three',
    ]);
  });

  it('dismisses one toast, clears all, and stops telling unsubscribed listeners', () => {
    const store = createToastStore();
    let calls = 0;
    const unsubscribe = store.subscribe(() => calls++);
    const id = store.show({ kind: 'login' });
    store.show({ kind: 'message', tone: 'error', title: 'Nope' });
    store.dismiss(id);
    expect(store.getSnapshot().map((toast) => toast.kind)).toEqual(['message']);
    unsubscribe();
    store.clear();
    expect(store.getSnapshot()).toEqual([]);
    expect(calls).toBe(3);
  });
});
