import { describe, expect, it } from 'vitest';
import { createSlidingWindowLimiter } from './createSlidingWindowLimiter';

describe('createSlidingWindowLimiter', () => {
  it('lets `limit` events through in any window, not per fixed bucket', () => {
    const limiter = createSlidingWindowLimiter(2, 1000);
    expect(limiter.tryAcquire('k', 900)).toBe(true);
    expect(limiter.tryAcquire('k', 950)).toBe(true);
    // A fixed 1-second bucket would start afresh at 1000; a sliding window does not.
    expect(limiter.tryAcquire('k', 1100)).toBe(false);
    expect(limiter.tryAcquire('k', 1900)).toBe(true);
    expect(limiter.tryAcquire('k', 1901)).toBe(false);
  });

  it('does not count refused events', () => {
    const limiter = createSlidingWindowLimiter(1, 10_000);
    expect(limiter.tryAcquire('contact', 0)).toBe(true);
    expect(limiter.tryAcquire('contact', 5_000)).toBe(false);
    expect(limiter.tryAcquire('contact', 10_000)).toBe(true);
  });

  it('keeps keys apart and forgets everything on clear()', () => {
    const limiter = createSlidingWindowLimiter(1, 1000);
    expect(limiter.tryAcquire('a', 0)).toBe(true);
    expect(limiter.tryAcquire('b', 0)).toBe(true);
    expect(limiter.tryAcquire('a', 1)).toBe(false);
    limiter.clear();
    expect(limiter.tryAcquire('a', 2)).toBe(true);
  });
});
