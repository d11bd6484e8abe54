import { describe, expect, it } from 'vitest';
import { createKeyedMutex } from './createKeyedMutex';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('createKeyedMutex', () => {
  it('runs tasks of one key one at a time in order, and other keys side by side', async () => {
    const mutex = createKeyedMutex();
    const events: string[] = [];
    const task = (name: string) => async () => {
      events.push(`${name} start`);
      await tick();
      events.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([
      mutex.run('a', task('a1')),
      mutex.run('a', task('a2')),
      mutex.run('b', task('b1')),
    ]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    expect(events.indexOf('a1 end')).toBeLessThan(events.indexOf('a2 start'));
    expect(events.indexOf('b1 start')).toBeLessThan(events.indexOf('a1 end'));
  });

  it('goes on with the next task after one fails', async () => {
    const mutex = createKeyedMutex();
    const failed = mutex.run('a', async () => {
      throw new Error('boom');
    });
    const next = mutex.run('a', async () => 'ok');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
  });
});
