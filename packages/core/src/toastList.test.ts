import { describe, expect, it } from 'vitest';
import { createToastList } from './toastList';

type Note = { kind: 'note'; title: string } | { kind: 'login' };

describe('createToastList', () => {
  it('shows toasts in order, gives each an id, and tells subscribers', () => {
    const list = createToastList<Note>();
    const seen: number[] = [];
    list.subscribe(() => seen.push(list.getSnapshot().length));
    const id = list.show({ kind: 'login' });
    list.show({ kind: 'note', title: 'Saved' });
    expect(list.getSnapshot().map((toast) => toast.kind)).toEqual(['login', 'note']);
    expect(list.getSnapshot()[0]?.id).toBe(id);
    expect(new Set(list.getSnapshot().map((toast) => toast.id)).size).toBe(2);
    expect(seen).toEqual([1, 2]);
  });

  it('replaces a toast shown again under the same id, with a new key and a new snapshot', () => {
    const list = createToastList<Note>();
    list.show({ id: 'lead-1', kind: 'login' });
    const before = list.getSnapshot();
    list.show({ id: 'lead-1', kind: 'note', title: 'Chat ready' });
    const after = list.getSnapshot();
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: 'lead-1', kind: 'note', title: 'Chat ready' });
    expect(after[0]?.key).not.toBe(before[0]?.key);
    expect(after).not.toBe(before);
  });

  it('keeps only the newest toasts up to its limit', () => {
    const list = createToastList<Note>({ limit: 2 });
    for (const title of ['one', 'two', 'three']) list.show({ kind: 'note', title });
    expect(list.getSnapshot().map((toast) => toast.kind === 'note' && toast.title)).toEqual([
      'two',
      'three',
    ]);
  });

  it('dismisses one toast, clears all, tells nobody of no change, and stops telling unsubscribed listeners', () => {
    const list = createToastList<Note>();
    let calls = 0;
    const unsubscribe = list.subscribe(() => calls++);
    const id = list.show({ kind: 'login' });
    list.show({ kind: 'note', title: 'Nope' });
    list.dismiss(id);
    list.dismiss('not-shown');
    expect(list.getSnapshot().map((toast) => toast.kind)).toEqual(['note']);
    unsubscribe();
    list.clear();
    expect(list.getSnapshot()).toEqual([]);
    expect(calls).toBe(3);
  });
});
