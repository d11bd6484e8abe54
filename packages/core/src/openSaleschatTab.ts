import { SaleschatError } from './saleschatError';

export interface OpenSaleschatTabOptions {
  /** The tab's name; the same name reuses the same tab. Default: `'saleschat'`. */
  name?: string;
  /** The window to open from. Default: the global `window`. */
  window?: Pick<Window, 'open'>;
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
 * Opens Saleschat in its own named tab, in a way popup blockers accept.
 *
 * Browsers allow `window.open` only synchronously inside the user's click, but the magic link
 * arrives later from the proxy. So: open a blank tab first (no await before it), then navigate
 * it once the URL is known. `noopener` is not used because it makes `window.open` return null,
 * which would hide both a blocked popup and the tab to navigate; the opener is nulled by hand
 * instead so Saleschat cannot script the CRM page. The same name reuses the same tab, which
 * matters because the Saleschat dashboard allows only one active tab.
 *
 * @param getUrl The link, or a function returning it (sync when already known, e.g. prefetched).
 * @returns The URL the tab was pointed at.
 * @throws SaleschatError `POPUP_BLOCKED` (with `url` once known) when the browser refused the tab;
 *   whatever `getUrl` threw, after closing the blank tab.
 */
export async function openSaleschatTab(
  getUrl: string | (() => string | Promise<string>),
  options: OpenSaleschatTabOptions = {},
): Promise<string> {
  const name = options.name ?? 'saleschat';
  const win = options.window ?? globalThis.window;
  const pending = typeof getUrl === 'function' ? getUrl() : getUrl;

  // URL already known: navigate straight there, without a blank step.
  if (typeof pending === 'string') {
    const tab = win.open(pending, name) as Tab | null;
    if (!tab) throw blocked(pending);
    detach(tab);
    return pending;
  }

  const tab = win.open('', name) as Tab | null;
  if (tab) detach(tab);

  let url: string;
  try {
    url = await pending;
  } catch (error) {
    tab?.close();
    throw error;
  }

  if (!tab || tab.closed) throw blocked(url);
  tab.location.replace(url);
  return url;
}

function detach(tab: Tab): void {
  try {
    tab.opener = null;
  } catch {
    // A reused tab already showing Saleschat is cross-origin: its opener was nulled when it opened.
  }
  tab.focus();
}

function blocked(url: string): SaleschatError {
  return new SaleschatError({ code: 'POPUP_BLOCKED', url });
}
