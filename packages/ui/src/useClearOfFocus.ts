import { useEffect, useState } from 'react';

/** The edge of the window the toasts sit on. */
export type ToastSide = 'top' | 'bottom';

/**
 * Keeps the toasts off the focused element (WCAG 2.4.11): they sit at the bottom, and move to the
 * top while, at the bottom, they would cover the element that has focus (a narrow screen, where
 * they span the width, or a control in the bottom corner). Checked when the toasts change, focus
 * moves, the page scrolls or the window resizes.
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
      const toastsBox = viewport.getBoundingClientRect();
      const height = toastsBox.height;
      const across = box.right > toastsBox.left && box.left < toastsBox.right;
      const coveredAtBottom = across && box.bottom > window.innerHeight - height;
      const coveredAtTop = across && box.top < height;
      setSide(coveredAtBottom && !coveredAtTop ? 'top' : 'bottom');
    };
    check();
    document.addEventListener('focusin', check);
    window.addEventListener('scroll', check, { capture: true, passive: true });
    window.addEventListener('resize', check);
    return () => {
      document.removeEventListener('focusin', check);
      window.removeEventListener('scroll', check, { capture: true });
      window.removeEventListener('resize', check);
    };
  }, [viewport, toasts]);
  return side;
}
