/**
 * A random id for one call. `crypto.randomUUID` exists only in secure contexts, and CRMs are
 * sometimes served over plain http on an intranet, so this uses `getRandomValues`, which works
 * everywhere.
 */
export function createRequestId(): string {
  // Three random 32-bit words in base 36: about 96 bits, at most 21 characters.
  return Array.from(crypto.getRandomValues(new Uint32Array(3)), (word) => word.toString(36)).join(
    '',
  );
}
