import { SaleschatError } from '@saleschat-kit/core';

export interface RateLimiterOptions {
  /** Requests allowed per window and key. */
  limit: number;
  windowMs: number;
  /** Longest a request may wait for its turn; beyond that it is refused with RATE_LIMITED. */
  maxQueueMs: number;
  now: () => number;
}

/** Spaces requests per key so that no window of `windowMs` holds more than `limit` of them. */
export interface RateLimiter {
  /** Resolves when the caller may send; rejects with RATE_LIMITED (and `retryAfterMs`) when the wait would be too long. */
  acquire(key: string): Promise<void>;
}

/**
 * Each request books the earliest slot that keeps the last `limit` slots within one window,
 * then sleeps until it. Booking up front makes the order fair and needs no polling.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const slots = new Map<string, number[]>();
  return {
    async acquire(key) {
      if (!Number.isFinite(options.limit)) return;
      const now = options.now();
      const booked = (slots.get(key) ?? []).filter((slot) => slot > now - options.windowMs);
      const blocking = booked[booked.length - options.limit];
      const slot = blocking === undefined ? now : Math.max(now, blocking + options.windowMs);
      const waitMs = slot - now;
      if (waitMs > options.maxQueueMs) {
        slots.set(key, booked);
        throw new SaleschatError({
          code: 'RATE_LIMITED',
          message: `Too many Saleschat requests right now (at most ${options.limit} per ${options.windowMs} ms): try again shortly.`,
          retryAfterMs: Math.ceil(waitMs),
        });
      }
      booked.push(slot);
      slots.set(key, booked);
      if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    },
  };
}
