import { openSaleschatTab } from '@saleschat-kit/core';
import { describe, expect, it } from 'vitest';
import { blockPopups } from './blockPopups';

describe('blockPopups', () => {
  it('makes window.open return null until undone', async () => {
    const opened: string[] = [];
    const fakeWindow = {
      open: (url?: string | URL) => {
        opened.push(String(url));
        return null;
      },
    };
    const original = fakeWindow.open;
    const undo = blockPopups(fakeWindow);

    await expect(
      openSaleschatTab('https://saleschat.example/x', { window: fakeWindow }),
    ).rejects.toMatchObject({
      code: 'POPUP_BLOCKED',
      url: 'https://saleschat.example/x',
    });
    expect(opened).toEqual([]);

    undo();
    expect(fakeWindow.open).toBe(original);
  });

  it('blocks the global window by default', () => {
    const undo = blockPopups();
    try {
      expect(window.open('https://saleschat.example/x', 'saleschat')).toBeNull();
    } finally {
      undo();
    }
  });
});
