/** What the soak's load sends. */
export type SoakKind = 'login' | 'chat' | 'reassign';

/** `ok`; `rate-limited`: the proxy's expected refusal of a reassign within 10 s; else `error`. */
export type SoakOutcome = 'ok' | 'rate-limited' | 'error';

/**
 * Sorts one answer of the soak. A reassign inside Saleschat's 10 s per contact is answered
 * RATE_LIMITED by design (with `retryAfterMs`); that is counted apart, never as an error. Any
 * other non-200 answer, and a 200 whose body is not the contract's, is an error.
 */
export function classifySoakAnswer(kind: SoakKind, status: number, body: unknown): SoakOutcome {
  const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (status === 200) {
    const valid =
      kind === 'login'
        ? typeof record.url === 'string' && typeof record.expiresAt === 'string'
        : typeof record.contactId === 'string' && typeof record.assignment === 'string';
    return valid ? 'ok' : 'error';
  }
  const error = (record.error ?? {}) as Record<string, unknown>;
  if (
    kind === 'reassign' &&
    status === 429 &&
    error.code === 'RATE_LIMITED' &&
    typeof error.retryAfterMs === 'number'
  ) {
    return 'rate-limited';
  }
  return 'error';
}
