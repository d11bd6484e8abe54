import { SaleschatError } from '@saleschat-kit/core';
import { SALESCHAT_RATE_LIMITS } from './constants';
import { sleep } from './retry';

export interface RateLimiterOptions {
  /** Requests allowed per window and key; `Infinity` for no limit. Default: 10 (Saleschat's per endpoint). */
  limit?: number;
  /** The window. Default: 1 100 ms (Saleschat's second, plus 100 ms of network jitter). */
  windowMs?: number;
  /** Longest a request may wait for its turn; beyond that it is refused with RATE_LIMITED. Default: 2 000 ms. */
  maxQueueMs?: number;
  /** The clock, in epoch ms. Default: `Date.now`. */
  now?: () => number;
}

/**
 * Added to Saleschat's one-second window: requests spaced exactly one second apart here can
 * arrive less than a second apart there, after network jitter.
 */
const WINDOW_JITTER_MS = 100;

/** Spaces requests per key so that no window of `windowMs` holds more than `limit` of them. */
export interface RateLimiter {
  /** Resolves when the caller may send; rejects with RATE_LIMITED (and `retryAfterMs`) when the wait would be too long. */
  acquire(key: string): Promise<void>;
}

/**
 * Each request books the earliest slot that keeps the last `limit` slots within one window,
 * then sleeps until it. Booking up front makes the order fair and needs no polling.
 */
export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const {
    limit = SALESCHAT_RATE_LIMITS.requestsPerSecond,
    windowMs = 1000 + WINDOW_JITTER_MS,
    maxQueueMs = 2000,
    now: clock = Date.now,
  } = options;
  const slots = new Map<string, number[]>();
  return {
    async acquire(key) {
      if (!Number.isFinite(limit)) return;
      const now = clock();
      const booked = (slots.get(key) ?? []).filter((slot) => slot > now - windowMs);
      const blocking = booked[booked.length - limit];
      const slot = blocking === undefined ? now : Math.max(now, blocking + windowMs);
      const waitMs = slot - now;
      if (waitMs > maxQueueMs) {
        slots.set(key, booked);
        throw new SaleschatError({
          code: 'RATE_LIMITED',
          message: `Too many Saleschat requests right now (at most ${limit} per ${windowMs} ms): try again shortly.`,
          retryAfterMs: Math.ceil(waitMs),
        });
      }
      booked.push(slot);
      slots.set(key, booked);
      if (waitMs > 0) await sleep(waitMs);
    },
  };
}
