import { SaleschatError } from '@saleschat-kit/core';
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './createRateLimiter';

describe('createRateLimiter', () => {
  it('lets `limit` requests through at once and refuses the next with the wait it needs', async () => {
    let now = 1_000_000;
    const limiter = createRateLimiter({ limit: 3, windowMs: 1000, maxQueueMs: 0, now: () => now });
    for (let i = 0; i < 3; i++) await limiter.acquire('assign');
    const refused = await limiter.acquire('assign').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SaleschatError);
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 1000 });

    // Other endpoints have their own window.
    await expect(limiter.acquire('createContact')).resolves.toBeUndefined();

    now += 400;
    expect(
      await limiter.acquire('assign').catch((error: SaleschatError) => error.retryAfterMs),
    ).toBe(600);
    now += 600;
    await expect(limiter.acquire('assign')).resolves.toBeUndefined();
  });

  it('queues a request that fits within maxQueueMs until its slot', async () => {
    const limiter = createRateLimiter({ limit: 2, windowMs: 100, maxQueueMs: 500, now: Date.now });
    const started = Date.now();
    const done: number[] = [];
    await Promise.all(
      Array.from({ length: 5 }, () =>
        limiter.acquire('magicLink').then(() => done.push(Date.now() - started)),
      ),
    );
    done.sort((a, b) => a - b);
    // Two per 100 ms: 0, 0, 100, 100, 200.
    expect(done[1]).toBeLessThan(50);
    expect(done[2]).toBeGreaterThanOrEqual(95);
    expect(done[4]).toBeGreaterThanOrEqual(195);
  });

  it('never limits when the limit is infinite', async () => {
    const limiter = createRateLimiter({
      limit: Infinity,
      windowMs: 1000,
      maxQueueMs: 0,
      now: Date.now,
    });
    await Promise.all(Array.from({ length: 1000 }, () => limiter.acquire('x')));
  });
});

describe('createRateLimiter with its own slot book', () => {
  it('waits for the slot the book grants and refuses with the wait the book names', async () => {
    const asked: string[] = [];
    const answers = [
      { granted: true, waitMs: 30 },
      { granted: false, waitMs: 4321 },
    ];
    const limiter = createRateLimiter({
      maxQueueMs: 500,
      slots: {
        async take(key, request) {
          asked.push(`${key} ${request.limit}/${request.windowMs} ${request.maxQueueMs}`);
          return answers.shift() as { granted: boolean; waitMs: number };
        },
      },
    });
    const started = Date.now();
    await limiter.acquire('createContact');
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    await expect(limiter.acquire('assign')).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterMs: 4321,
    });
    expect(asked).toEqual(['createContact 10/1100 500', 'assign 10/1100 500']);
  });
});
