import axe from 'axe-core';
import { afterEach, beforeEach, expect } from 'vitest';
import { toasts } from '../src/toasts';

let counter = 0;

/** A base URL of its own per test: sessions (cached link, /me) never carry over. */
export const freshBaseUrl = () => `/api/saleschat-${++counter}`;

/** Puts `html` in the page; `cleanup()` removes it and the toasts. */
export function mount(html: string): HTMLElement {
  const host = document.createElement('div');
  host.innerHTML = html;
  document.body.append(host);
  return host;
}

export function cleanup(): void {
  document.body.replaceChildren();
  toasts.clear();
}

/** A tab the fake `window.open` returned, and every URL it was sent to. */
export interface FakeTab {
  name: string;
  urls: string[];
  closed: boolean;
}

/**
 * Stands in for the browser's tabs (a real tab would take the focus from the test page). Records
 * each `window.open` and where each tab was sent; `undo()` closes them all.
 */
export function fakeTabs(): { opened: FakeTab[]; undo: () => void } {
  const open = window.open;
  const opened: FakeTab[] = [];
  window.open = (url = '', name = '') => {
    const record: FakeTab = { name, urls: [], closed: false };
    opened.push(record);
    if (url) record.urls.push(String(url));
    const tab = {
      get closed() {
        return record.closed;
      },
      opener: window,
      focus() {},
      close() {
        record.closed = true;
      },
      location: { replace: (next: string) => record.urls.push(next) },
    };
    return tab as unknown as Window;
  };
  return {
    opened,
    undo() {
      window.open = open;
      for (const tab of opened) tab.closed = true;
    },
  };
}

/** No axe violation on the page (the elements' shadow roots included). */
export async function expectNoAxeViolations(): Promise<void> {
  // A toast fading in is still translucent: its contrast counts once it is fully drawn.
  const entering = [...document.querySelectorAll('saleschat-toaster')]
    .flatMap((toaster) => toaster.shadowRoot?.getAnimations() ?? [])
    .filter((animation) => animation.effect?.getTiming().iterations !== Infinity);
  await Promise.all(entering.map((animation) => animation.finished));
  const { violations } = await axe.run(document.body);
  expect(
    violations.map(({ id, nodes }) => `${id}: ${nodes.map((n) => n.html).join(' | ')}`),
  ).toEqual([]);
}

/** What each element test gets afresh: a base URL of its own, and the fake tabs. */
export interface FreshPage {
  base: string;
  tabs: ReturnType<typeof fakeTabs>;
}

/**
 * The set-up every element test file shares: before each test a fresh base URL and fake tabs
 * (read them as `fresh.base`, `fresh.tabs` inside the test); after it, the tabs closed and the
 * page and toasts cleared.
 */
export function freshPageForEachTest(): FreshPage {
  const fresh = {} as FreshPage;
  beforeEach(() => {
    fresh.base = freshBaseUrl();
    fresh.tabs = fakeTabs();
  });
  afterEach(() => {
    fresh.tabs.undo();
    cleanup();
  });
  return fresh;
}
