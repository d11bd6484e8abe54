/**
 * Makes `target.open` return `null`, as a browser does when it blocks a popup, so that
 * `login()` ends in the `POPUP_BLOCKED` error state. Returns the function that undoes it.
 */
export function blockPopups(target: Pick<Window, 'open'> = window): () => void {
  const open = target.open;
  target.open = () => null;
  return () => {
    target.open = open;
  };
}
