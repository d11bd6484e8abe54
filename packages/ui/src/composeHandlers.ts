/**
 * The host's handler first; ours only if the host did not call `preventDefault()`, which is how
 * a host stops the kit's behaviour (e.g. to confirm before opening a chat).
 */
export function composeHandlers<E extends { defaultPrevented: boolean }>(
  theirs: ((event: E) => void) | undefined,
  ours: (event: E) => void,
): (event: E) => void {
  return (event) => {
    theirs?.(event);
    if (!event.defaultPrevented) ours(event);
  };
}
