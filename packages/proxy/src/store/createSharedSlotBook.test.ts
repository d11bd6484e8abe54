import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/testStores';
import { createPostgresStore, openPostgresDriver } from './createPostgresStore';
import { createSharedSlotBook } from './createSharedSlotBook';
import type { SqlConnection, SqlDriver, Store } from './types';

/** The store's shared budget, which every PostgreSQL store has. */
function budgetOf(store: Store | undefined) {
  if (!store?.rateSlots) throw new Error('A PostgreSQL store has a shared rate budget');
  return store.rateSlots;
}

describe('the shared rate budget on PostgreSQL', () => {
  let connectionString: string;
  // Two drivers: two instances' connections to one database.
  let drivers: SqlDriver[];

  beforeAll(async () => {
    connectionString = await createTestDatabase();
    const migrated = createPostgresStore({ connectionString });
    await migrated.ready();
    await migrated.close();
    drivers = await Promise.all([1, 2].map(() => openPostgresDriver({ connectionString })));
  });

  afterAll(async () => {
    await Promise.all(drivers.map((driver) => driver.close()));
  });

  it('spaces the requests of all instances together evenly, each sent at its slot, and refuses past maxQueueMs', async () => {
    // Slots (1 100 + 900 + 100 ms) ÷ 10 = 210 ms apart. A loaded machine may wake a take late:
    // up to 900 ms must not cost it its slot here.
    const books = drivers.map((driver) =>
      createSharedSlotBook(async () => driver, { lateMs: 900, spreadMs: 100 }),
    );
    const rule = { limit: 10, windowMs: 1100, maxQueueMs: 3000 };
    const start = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 35 }, async (_, index) => {
        const answer = await (books[index % 2] as (typeof books)[number]).take('create', rule);
        return { ...answer, at: Date.now() - start };
      }),
    );
    const granted = answers.filter((answer) => answer.granted);
    const times = granted.map((answer) => answer.at).sort((a, b) => a - b);
    const refused = answers.filter((answer) => !answer.granted);

    // 3 s of queue holds 15 slots, and a few more for takes a loaded machine delayed.
    expect(granted.length).toBeGreaterThanOrEqual(15);
    expect(granted.length).toBeLessThan(25);
    for (const answer of granted) expect(answer.waitMs).toBe(0);
    // The n-th request went no earlier than n slots after the start: never 11 in 2.1 s.
    times.forEach((at, index) => expect(at).toBeGreaterThanOrEqual(index * 210 - 1));
    expect(refused.length).toBe(35 - granted.length);
    for (const answer of refused) expect(answer.waitMs).toBeGreaterThan(0);

    // Another endpoint has its own budget.
    const assign = await (books[0] as (typeof books)[number]).take('assign', rule);
    expect(assign).toEqual({ granted: true, waitMs: 0 });
  });

  it('books a new slot when its answer comes later than lateMs after the slot began', async () => {
    const driver = drivers[0] as SqlDriver;
    let bookings = 0;
    // The first answer is held up as a busy event loop would hold it: 400 ms of blocking work.
    const slow: SqlConnection = {
      exec: (text) => driver.exec(text),
      async query<Row>(text: string, params?: readonly unknown[]) {
        const rows = await driver.query<Row>(text, params);
        if (bookings++ === 0) {
          const until = Date.now() + 400;
          while (Date.now() < until) {
            // Blocking on purpose.
          }
        }
        return rows;
      },
    };
    const book = createSharedSlotBook(async () => slow, { lateMs: 100 });

    const answer = await book.take('late', { limit: 10, windowMs: 1100, maxQueueMs: 2000 });

    expect(answer).toEqual({ granted: true, waitMs: 0 });
    expect(bookings).toBe(2);
  });

  it('keeps the budget across a restart: a store opened afterwards sees the slots booked before', async () => {
    // One slot per 20 s: the next after this one is 20 s away.
    const rule = { limit: 3, windowMs: 60_000, maxQueueMs: 0 };
    const before = createPostgresStore({ connectionString });
    expect(await budgetOf(before).take('magicLink', rule)).toEqual({ granted: true, waitMs: 0 });
    await before.close();
    const after = createPostgresStore({ connectionString });
    try {
      const refused = await budgetOf(after).take('magicLink', rule);
      expect(refused.granted).toBe(false);
      expect(refused.waitMs).toBeGreaterThan(15_000);
    } finally {
      await after.close();
    }
  });
});
