/**
 * An unguessable URL-safe token of `bytes` random bytes. Web Crypto and `btoa` rather than
 * Node's Buffer, so the model also runs in a browser under msw (Storybook).
 */
export function randomToken(bytes = 24): string {
  const values = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...values))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
