import { describe, expect, it } from 'vitest';
import { createSingleFlight } from './createSingleFlight';

describe('createSingleFlight', () => {
  it('shares one call among concurrent callers of a key, and starts a new one afterwards', async () => {
    const flights = createSingleFlight();
    let calls = 0;
    const task = async () => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return calls;
    };
    expect(
      await Promise.all([flights.run('k', task), flights.run('k', task), flights.run('j', task)]),
    ).toEqual([2, 2, 2]);
    expect(calls).toBe(2);
    await flights.run('k', task);
    expect(calls).toBe(3);
  });

  it('shares a failure too, including one thrown synchronously', async () => {
    const flights = createSingleFlight();
    const task = () => {
      throw new Error('down');
    };
    const results = await Promise.allSettled([flights.run('k', task), flights.run('k', task)]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
  });
});
