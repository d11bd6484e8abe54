import { describe, expect, it } from 'vitest';
import { backoffDelay, retry, sleep } from './retry';

describe('retry', () => {
  it('repeats a retryable failure until the task succeeds, reporting each retry', async () => {
    const retries: number[] = [];
    const result = await retry(
      async (attempt) => {
        if (attempt < 3) throw new Error(`failure ${attempt}`);
        return attempt;
      },
      { attempts: 5, retryable: () => true, baseDelayMs: 1, onRetry: (n) => retries.push(n) },
    );
    expect(result).toBe(3);
    expect(retries).toEqual([1, 2]);
  });

  it('throws the last failure once the attempts are used up, or at once when not retryable', async () => {
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new Error(`failure ${calls}`);
    };
    await expect(
      retry(failing, { attempts: 2, retryable: () => true, baseDelayMs: 1 }),
    ).rejects.toThrow('failure 2');
    calls = 0;
    await expect(retry(failing, { attempts: 5 })).rejects.toThrow('failure 1');
    expect(calls).toBe(1);
  });

  it('stops waiting and retrying when its signal aborts', async () => {
    const controller = new AbortController();
    let calls = 0;
    const started = Date.now();
    const run = retry(
      async () => {
        calls++;
        throw new Error('down');
      },
      { attempts: 10, retryable: () => true, baseDelayMs: 60_000, signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 20);
    await expect(run).rejects.toThrow('down');
    expect(calls).toBe(1);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('backoffDelay', () => {
  it('doubles per attempt, keeps half of it fixed, and stays under the cap', () => {
    for (let i = 0; i < 50; i++) {
      const first = backoffDelay(1, { baseDelayMs: 100 });
      const third = backoffDelay(3, { baseDelayMs: 100 });
      const capped = backoffDelay(20, { baseDelayMs: 100, maxDelayMs: 1000 });
      expect(first).toBeGreaterThanOrEqual(50);
      expect(first).toBeLessThanOrEqual(100);
      expect(third).toBeGreaterThanOrEqual(200);
      expect(third).toBeLessThanOrEqual(400);
      expect(capped).toBeGreaterThanOrEqual(500);
      expect(capped).toBeLessThanOrEqual(1000);
    }
  });
});

describe('sleep', () => {
  it('waits, and resolves early when its signal aborts', async () => {
    let started = Date.now();
    await sleep(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    const controller = new AbortController();
    started = Date.now();
    setTimeout(() => controller.abort(), 10);
    await sleep(60_000, controller.signal);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
