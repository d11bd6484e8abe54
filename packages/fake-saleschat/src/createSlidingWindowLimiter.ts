/** Counts events per key over a sliding window and refuses those over the limit. */
export interface SlidingWindowLimiter {
  /** Records an event for `key` at `at` and returns true, or returns false (recording nothing) when over the limit. */
  tryAcquire(key: string, at: number): boolean;
  clear(): void;
}

/**
 * At most `limit` accepted events per key in any window of `windowMs` (a sliding log, not fixed
 * buckets: 10 requests at 0.9 s and 10 more at 1.1 s are not all allowed). Refused events do not
 * count, so a client that backs off is let in as soon as the window moves on.
 */
export function createSlidingWindowLimiter(limit: number, windowMs: number): SlidingWindowLimiter {
  const events = new Map<string, number[]>();
  return {
    tryAcquire(key, at) {
      const recent = (events.get(key) ?? []).filter((time) => time > at - windowMs);
      if (recent.length >= limit) {
        events.set(key, recent);
        return false;
      }
      recent.push(at);
      events.set(key, recent);
      return true;
    },
    clear() {
      events.clear();
    },
  };
}
