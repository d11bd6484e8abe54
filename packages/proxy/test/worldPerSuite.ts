import { afterAll, beforeAll } from 'vitest';
import { createTestWorld, type TestWorld } from './createTestWorld';
import type { TestStore } from './testStores';

/**
 * The set-up most suites share: before the suite, a store from `create` and a test world on it
 * (with `options`); after it, both closed and the store removed. Read `suite.world` and
 * `suite.store` inside the tests.
 */
export function worldPerSuite(
  create: () => Promise<TestStore>,
  options?: Parameters<typeof createTestWorld>[1],
): { world: TestWorld; store: TestStore } {
  const suite = {} as { world: TestWorld; store: TestStore };
  beforeAll(async () => {
    suite.store = await create();
    suite.world = await createTestWorld(suite.store, options);
  });
  afterAll(async () => {
    await suite.world?.close();
    suite.store?.remove();
  });
  return suite;
}
