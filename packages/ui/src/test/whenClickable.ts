import { expect, vi } from 'vitest';

/**
 * Waits until a person could click the element: no ancestor with `pointer-events: none` (the
 * check user-event makes). Radix's toast viewport keeps `pointer-events: none` until an effect has
 * counted a newly added toast, so a click right after the toast's text appears can land too early.
 */
export async function whenClickable<T extends Element>(element: T): Promise<T> {
  await vi.waitFor(() => {
    for (let node: Element | null = element; node; node = node.parentElement) {
      expect(getComputedStyle(node).pointerEvents, node.outerHTML.slice(0, 80)).not.toBe('none');
    }
  });
  return element;
}
