import { useEffect, useState } from 'react';

/** The edge of the window the toasts sit on. */
export type ToastSide = 'top' | 'bottom';

/**
 * Keeps the toasts off the focused element (WCAG 2.4.11): when they cover it (on a narrow screen
 * they span the width), they move to the other edge of the window. Checked when focus moves and
 * when the toasts change.
 */
export function useClearOfFocus(viewport: HTMLElement | null, toasts: unknown): ToastSide {
  const [side, setSide] = useState<ToastSide>('bottom');
  useEffect(() => {
    if (!viewport) return;
    const check = () => {
      const focused = document.activeElement;
      // Focus inside the toasts (or nowhere) leaves them where they are.
      if (!focused || focused === document.body || viewport.contains(focused)) return;
      const a = focused.getBoundingClientRect();
      const b = viewport.getBoundingClientRect();
      if (a.bottom > b.top && a.top < b.bottom && a.right > b.left && a.left < b.right) {
        setSide((current) => (current === 'top' ? 'bottom' : 'top'));
      }
    };
    check();
    document.addEventListener('focusin', check);
    return () => document.removeEventListener('focusin', check);
  }, [viewport, toasts]);
  return side;
}
