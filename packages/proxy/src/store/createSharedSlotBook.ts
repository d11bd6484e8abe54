import type { SlotBook } from '@saleschat-kit/saleschat-client';
import { SCHEMA } from './migrations';
import type { SqlConnection } from './types';

/**
 * The limiter's slots in PostgreSQL, shared by every proxy instance on the database, so that
 * Saleschat's per-endpoint limit holds for all of them together and across restarts. One
 * round trip per request: `take_rate_slot` (migration 4) books under the row's lock and
 * answers the wait by the database's clock, which every instance shares.
 */
export function createSharedSlotBook(connection: () => Promise<SqlConnection>): SlotBook {
  return {
    async take(key, { limit, windowMs, maxQueueMs }) {
      const [row] = await (
        await connection()
      ).query<{ granted: boolean; wait_ms: number }>(
        `SELECT granted, wait_ms FROM ${SCHEMA}.take_rate_slot($1, $2, $3, $4)`,
        [key, limit, windowMs, maxQueueMs],
      );
      if (!row) throw new Error('take_rate_slot returned no row');
      return { granted: row.granted, waitMs: Math.max(0, Number(row.wait_ms)) };
    },
  };
}
