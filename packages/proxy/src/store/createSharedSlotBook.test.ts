import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/testStores';
import { createPostgresStore } from './createPostgresStore';
import type { Store } from './types';

/** The store's shared budget, which every PostgreSQL store has. */
function budgetOf(store: Store | undefined) {
  if (!store?.rateSlots) throw new Error('A PostgreSQL store has a shared rate budget');
  return store.rateSlots;
}

describe('the shared rate budget on PostgreSQL', () => {
  let stores: Store[];

  beforeAll(async () => {
    const connectionString = await createTestDatabase();
    // Two stores: two instances' pools on one database.
    stores = [createPostgresStore({ connectionString }), createPostgresStore({ connectionString })];
    await Promise.all(stores.map((store) => store.ready()));
  });

  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
  });

  it('books at most `limit` slots per window for all instances together, and refuses past maxQueueMs', async () => {
    const rule = { limit: 10, windowMs: 1100, maxQueueMs: 2000 };
    const answers = await Promise.all(
      Array.from({ length: 35 }, (_, index) =>
        budgetOf(stores[index % 2]).take('createContact', rule),
      ),
    );
    const waits = answers
      .filter((answer) => answer.granted)
      .map((answer) => answer.waitMs)
      .sort((a, b) => a - b);
    const refused = answers.filter((answer) => !answer.granted);
    // 10 now, 10 one window later; the third window is beyond maxQueueMs, but for the takes
    // that ran late enough (a loaded machine) for it to come within.
    expect(waits.length).toBeGreaterThanOrEqual(20);
    expect(waits.length).toBeLessThan(30);
    expect(waits[9]).toBeLessThan(300);
    expect(waits[10]).toBeGreaterThan(800);
    expect(refused).toHaveLength(35 - waits.length);
    for (const answer of refused) expect(answer.waitMs).toBeGreaterThan(2000);

    // Another endpoint has its own budget.
    expect((await budgetOf(stores[0]).take('assign', rule)).waitMs).toBeLessThan(300);
  });

  it('keeps the budget across a restart: a store opened afterwards sees the slots booked before', async () => {
    const rule = { limit: 3, windowMs: 60_000, maxQueueMs: 0 };
    const connectionString = await createTestDatabase();
    const before = createPostgresStore({ connectionString });
    for (let index = 0; index < 3; index++) {
      expect((await budgetOf(before).take('magicLink', rule)).granted).toBe(true);
    }
    await before.close();
    const after = createPostgresStore({ connectionString });
    try {
      expect(await budgetOf(after).take('magicLink', rule)).toMatchObject({ granted: false });
    } finally {
      await after.close();
    }
  });
});
