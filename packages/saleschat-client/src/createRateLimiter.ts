import { SaleschatError } from '@saleschat-kit/core';
import { SALESCHAT_RATE_LIMITS } from './constants';
import { sleep } from './retry';

/** What a slot book is asked for: a slot for one key under one rule. */
export interface SlotRequest {
  /** Requests allowed per window and key. */
  limit: number;
  /** The window, in ms. */
  windowMs: number;
  /** The longest wait the caller accepts; a later slot is not booked. */
  maxQueueMs: number;
}

/** A booked slot (`granted`), or the wait the next one would have needed (not booked). */
export interface SlotAnswer {
  granted: boolean;
  /** Until the slot (granted), or until a slot within `maxQueueMs` may be free (refused). */
  waitMs: number;
}

/**
 * Where the limiter books its slots: this process's memory by default, or a store every
 * instance of the proxy shares (the PostgreSQL store's budget), so that the limit holds for
 * all of them together and across restarts.
 */
export interface SlotBook {
  /** Books the earliest slot for `key` within `request.maxQueueMs`, or says how long until one. */
  take(key: string, request: SlotRequest): Promise<SlotAnswer>;
}

export interface RateLimiterOptions {
  /** Requests allowed per window and key; `Infinity` for no limit. Default: 10 (Saleschat's per endpoint). */
  limit?: number;
  /** The window. Default: 1 100 ms (Saleschat's second, plus 100 ms of network jitter). */
  windowMs?: number;
  /** Longest a request may wait for its turn; beyond that it is refused with RATE_LIMITED. Default: 2 000 ms. */
  maxQueueMs?: number;
  /** The clock, in epoch ms, of the default in-process slot book. Default: `Date.now`. */
  now?: () => number;
  /** Where slots are booked. Default: in this process (`createMemorySlotBook`). */
  slots?: SlotBook;
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
 * Slots in this process's memory. Each request books the earliest slot that keeps the last
 * `limit` slots within one window. Booking up front makes the order fair and needs no polling.
 */
export function createMemorySlotBook(now: () => number = Date.now): SlotBook {
  const slots = new Map<string, number[]>();
  return {
    async take(key, { limit, windowMs, maxQueueMs }) {
      const at = now();
      const booked = (slots.get(key) ?? []).filter((slot) => slot > at - windowMs);
      const blocking = booked[booked.length - limit];
      const slot = blocking === undefined ? at : Math.max(at, blocking + windowMs);
      const waitMs = slot - at;
      const granted = waitMs <= maxQueueMs;
      if (granted) booked.push(slot);
      slots.set(key, booked);
      return { granted, waitMs };
    },
  };
}

/** Books a slot per request in a slot book, then sleeps until it. */
export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const {
    limit = SALESCHAT_RATE_LIMITS.requestsPerSecond,
    windowMs = 1000 + WINDOW_JITTER_MS,
    maxQueueMs = 2000,
    now = Date.now,
  } = options;
  const slots = options.slots ?? createMemorySlotBook(now);
  return {
    async acquire(key) {
      if (!Number.isFinite(limit)) return;
      const { granted, waitMs } = await slots.take(key, { limit, windowMs, maxQueueMs });
      if (!granted) {
        throw new SaleschatError({
          code: 'RATE_LIMITED',
          message: `Too many Saleschat requests right now (at most ${limit} per ${windowMs} ms): try again shortly.`,
          retryAfterMs: Math.ceil(waitMs),
        });
      }
      if (waitMs > 0) await sleep(waitMs);
    },
  };
}
