import { useEffect, useState } from 'react';

/** The edge of the window the toasts sit on. */
export type ToastSide = 'top' | 'bottom';

/**
 * Keeps the toasts off the focused element (WCAG 2.4.11): they sit at the bottom, and move to the
 * top while, at the bottom, they would cover the element that has focus (on a narrow screen they
 * span the width). Checked when focus moves and when the toasts change.
 */
export function useClearOfFocus(viewport: HTMLElement | null, toasts: unknown): ToastSide {
  const [side, setSide] = useState<ToastSide>('bottom');
  useEffect(() => {
    if (!viewport) return;
    const check = () => {
      const focused = document.activeElement;
      // Focus inside the toasts (or nowhere) leaves them where they are.
      if (!focused || focused === document.body || viewport.contains(focused)) return;
      const box = focused.getBoundingClientRect();
      const area = viewport.getBoundingClientRect();
      const across = box.right > area.left && box.left < area.right;
      const coveredAtBottom = box.bottom > innerHeight - area.height;
      const coveredAtTop = box.top < area.height;
      setSide(across && coveredAtBottom && !coveredAtTop ? 'top' : 'bottom');
    };
    check();
    document.addEventListener('focusin', check);
    return () => document.removeEventListener('focusin', check);
  }, [viewport, toasts]);
  return side;
}
