import { SaleschatError } from '@saleschat-kit/core';

/** What a caller is told to wait while the database is unreachable (a restart takes seconds). */
export const STORE_RETRY_AFTER_MS = 2000;

/** Node's codes for a connection that failed, was refused or was cut. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);

/**
 * Whether an error means "the database cannot be reached now" rather than "this query is
 * wrong": PostgreSQL's connection class (08…), a server shutting down or starting up (57P01–03),
 * a socket cut by a restart, or SQLite busy. A retry later can succeed; nothing else is a guess.
 */
export function isStoreUnreachable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string') {
      if (code.startsWith('08') || /^57P0[123]$/.test(code)) return true;
      if (NETWORK_CODES.has(code) || code === 'SQLITE_BUSY') return true;
    }
    if (
      typeof message === 'string' &&
      /Connection terminated|not queryable|timeout exceeded when trying to connect/i.test(message)
    ) {
      return true;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** The error's code (`ECONNREFUSED`, `57P01`…): says what happened without any query or value. */
function reasonOf(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const { code } = current as { code?: unknown };
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return 'connection lost';
}

/** Rethrows an unreachable-database error as the kit's retryable 503; any other as it is. */
export function rethrowUnreachable(error: unknown): never {
  if (error instanceof SaleschatError || !isStoreUnreachable(error)) throw error;
  throw new SaleschatError({
    code: 'STORE_UNAVAILABLE',
    message: `The proxy cannot reach its database right now (${reasonOf(error)}); try again shortly.`,
    retryAfterMs: STORE_RETRY_AFTER_MS,
    cause: error,
  });
}
