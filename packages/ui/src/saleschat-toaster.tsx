import * as Toast from '@radix-ui/react-toast';
import { useRef, useState, useSyncExternalStore, type FocusEvent } from 'react';
import { createPortal } from 'react-dom';
import { cx } from './cx';
import { announcementOf, describeToast } from './describeToast';
import { useSaleschatMessages } from './saleschat-messages-provider';
import { useSaleschatTheme, type SaleschatTheme } from './theme';
import { ToastItem } from './toast-item';
import { saleschatToasts, type SaleschatToast, type ToastStore } from './toastStore';
import { useClearOfFocus } from './useClearOfFocus';

export interface SaleschatToasterProps {
  /** Where the toasts come from. Default: `saleschatToasts`, the store the buttons write to. */
  store?: ToastStore;
  /** How long a success toast stays, in ms; error toasts stay until dismissed. Default: 5000. */
  duration?: number;
  /** Text direction of the toasts. Default: the document's (`<html dir>`), else `'ltr'`. */
  dir?: 'ltr' | 'rtl';
  /** Colour scheme (`'system'` follows `prefers-color-scheme`). Default: the `SaleschatThemeProvider`'s, else `'light'`. */
  theme?: SaleschatTheme;
  /** Keys that move focus to the toasts. Default: `['F8']`. */
  hotkey?: string[];
  /** Element the toasts are rendered into. Default: `document.body`. */
  container?: Element | null;
  /** Extra class on the toaster's wrapper. Default: none. */
  className?: string;
}

const NO_TOASTS: readonly SaleschatToast[] = [];
const DEFAULT_HOTKEY = ['F8'];
const subscribeNever = () => () => {};
const isBrowser = () => true;
const isServer = () => false;

/**
 * Shows the kit's toasts (Radix Toast), portalled to the end of `<body>` so they sit above a
 * host's modal dialog (`--sc-z-toast`) and stay clickable (the dialog's `pointer-events: none`
 * on `<body>` is overridden per toast).
 *
 * Screen readers: Radix announces each toast from a live region it creates at that moment, and
 * screen readers often miss a region that appears together with its text. So Radix's announcer
 * is routed into a hidden sink, and the toaster announces from its own two regions (polite for
 * success, assertive for errors), which exist from the toaster's first render on.
 */
export function SaleschatToaster({
  store = saleschatToasts,
  duration = 5000,
  dir,
  theme,
  hotkey = DEFAULT_HOTKEY,
  container,
  className,
}: SaleschatToasterProps) {
  const messages = useSaleschatMessages();
  const inheritedTheme = useSaleschatTheme();
  const toasts = useSyncExternalStore(store.subscribe, store.getSnapshot, () => NO_TOASTS);
  const [sink, setSink] = useState<HTMLElement | null>(null);
  // The portal target exists only in a browser: nothing on the server, the portal once hydrated.
  const inBrowser = useSyncExternalStore(subscribeNever, isBrowser, isServer);
  const host = container ?? (inBrowser ? document.body : null);

  // Announce each toast once, when shown: dismissing the newest must not re-announce the next.
  const newest = toasts.at(-1);
  const [announced, setAnnounced] = useState(newest);
  if (newest && newest.key > (announced?.key ?? 0)) setAnnounced(newest);
  const announcement = announced && describeToast(announced, messages);

  const [viewport, setViewport] = useState<HTMLOListElement | null>(null);
  const side = useClearOfFocus(viewport, toasts);
  // Where focus was before it entered the toasts (the F8 hotkey, Tab, a click on a toast).
  const returnTo = useRef<HTMLElement | null>(null);
  const rememberOrigin = (event: FocusEvent<HTMLElement>) => {
    const from = event.relatedTarget;
    if (from instanceof HTMLElement && !event.currentTarget.contains(from)) returnTo.current = from;
  };
  const close = (id: string) => {
    // Radix moves focus to the toast list (no name, no outline) when the closed toast held it:
    // give it back to where it was instead.
    const focusWasInToast = viewport !== null && document.activeElement === viewport;
    store.dismiss(id);
    if (focusWasInToast && returnTo.current?.isConnected) returnTo.current.focus();
  };

  if (!host) return null;
  const direction = dir ?? (document.documentElement.dir === 'rtl' ? 'rtl' : 'ltr');
  return createPortal(
    <div
      className={cx('sc-toaster', className)}
      dir={direction}
      data-sc-theme={theme ?? inheritedTheme}
      onFocus={rememberOrigin}
    >
      <div role="status" className="sc-sr-only">
        {announced && announcement?.tone === 'success' && (
          <span key={announced.key}>{announcementOf(announcement)}</span>
        )}
      </div>
      <div role="alert" className="sc-sr-only">
        {announced && announcement?.tone === 'error' && (
          <span key={announced.key}>{announcementOf(announcement)}</span>
        )}
      </div>
      <Toast.Provider
        label={messages['toast.region']}
        duration={duration}
        swipeDirection={direction === 'rtl' ? 'left' : 'right'}
        announcerContainer={sink ?? undefined}
      >
        {toasts.map((toast) => (
          <ToastItem
            key={toast.key}
            toast={toast}
            duration={duration}
            onClose={() => close(toast.id)}
          />
        ))}
        <Toast.Viewport
          ref={setViewport}
          className="sc-viewport"
          data-side={side}
          hotkey={hotkey}
          label={messages['toast.region']}
        />
      </Toast.Provider>
      <div ref={setSink} hidden />
    </div>,
    host,
  );
}
