import { SaleschatError } from './saleschatError';

export interface OpenSaleschatTabOptions {
  /** The tab's name; the same name reuses the same tab. Default: `'saleschat'`. */
  name?: string;
  /** The window to open from. Default: the global `window`. */
  window?: Pick<Window, 'open'>;
  /**
   * Null the tab's `opener`, so the Saleschat page cannot navigate the CRM tab. Browsers then
   * refuse to navigate that cross-origin tab again (Chromium: "neither same-origin with the
   * target, nor is it the target's parent or opener"), so every Login opens another tab and the
   * dashboard makes the older one inactive. Default: `false` — one tab, reused.
   */
  severOpener?: boolean;
}

/** The parts of a tab the opener touches (a real `Window`, or a test double). */
interface Tab {
  closed: boolean;
  opener: unknown;
  location: { replace(url: string): void };
  close(): void;
  focus(): void;
}

/**
 * The tab this page opened under each name (and from which window), so the next click navigates the same tab
 * without another `window.open` (which a page that lost its name, or a browser that lost track
 * of it, would answer with a second tab).
 */
const openedTabs = /* @__PURE__ */ new Map<string, { from: object; tab: Tab }>();

/**
 * Opens Saleschat in its own named tab, in a way popup blockers accept.
 *
 * Browsers allow `window.open` only synchronously inside the user's click, but the magic link
 * arrives later from the proxy. So: open a blank tab first (no await before it), then navigate
 * it once the URL is known. `noopener` is not used because it makes `window.open` return null,
 * which would hide both a blocked popup and the tab to navigate. A tab this page opened before
 * and the user has not closed is navigated again instead of opening another, because the
 * Saleschat dashboard allows only one active tab. That needs the opener relationship: see
 * `severOpener` for the trade-off.
 *
 * @param getUrl The link, or a function returning it (sync when already known, e.g. prefetched).
 * @returns The URL the tab was pointed at.
 * @throws SaleschatError `POPUP_BLOCKED` (with `url` once known) when the browser refused the tab;
 *   whatever `getUrl` threw, after closing a blank tab it had just opened.
 */
export async function openSaleschatTab(
  getUrl: string | (() => string | Promise<string>),
  options: OpenSaleschatTabOptions = {},
): Promise<string> {
  const name = options.name ?? 'saleschat';
  const win = options.window ?? globalThis.window;
  const pending = typeof getUrl === 'function' ? getUrl() : getUrl;
  const known = typeof pending === 'string';

  const opened = openedTabs.get(name);
  const previous = opened?.from === win ? opened.tab : undefined;
  const fresh = !previous || previous.closed;
  // A URL already known is opened straight away, without a blank step.
  const tab = fresh ? (win.open(known ? pending : '', name) as Tab | null) : previous;
  if (tab) {
    openedTabs.set(name, { from: win, tab });
    if (options.severOpener) tab.opener = null;
    tab.focus();
  }

  let url: string;
  try {
    url = await pending;
  } catch (error) {
    if (fresh) tab?.close();
    throw error;
  }

  if (!tab || tab.closed) throw new SaleschatError({ code: 'POPUP_BLOCKED', url });
  if (!(fresh && known)) tab.location.replace(url);
  return url;
}
