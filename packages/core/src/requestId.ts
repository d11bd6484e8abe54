/**
 * A random id for one call. `crypto.randomUUID` exists only in secure contexts, and CRMs are
 * sometimes served over plain http on an intranet, so this uses `getRandomValues`, which works
 * everywhere.
 */
export function createRequestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
