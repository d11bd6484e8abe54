import { sleep, type SlotBook } from '@saleschat-kit/saleschat-client';
import { SCHEMA } from './migrations';
import type { SqlConnection } from './types';

export interface SharedSlotBookOptions {
  /**
   * How long after its slot's start a request may still be sent; an instance that gets there
   * later (its event loop was busy) books a new slot instead. Slots are spaced by this much
   * more than the window, so sends anywhere within it keep the limit. Default: 100 ms.
   */
  lateMs?: number;
  /**
   * How much further apart the instances' requests may land at Saleschat than their slots,
   * beyond the limiter's own jitter allowance: hosts' clocks, network paths and event loops
   * differ, and a host busy with a burst sends later than an idle one. Slots are spaced by
   * this much more. Default: 400 ms.
   */
  spreadMs?: number;
  /** This process's clock, epoch ms, compared with the database's slot starts. Default: `Date.now`. */
  now?: () => number;
}

/** Bookings per request at most: the first, and new ones after slots the instance woke too late for. */
const MAX_BOOKINGS = 3;

/**
 * The limiter's slots in PostgreSQL, shared by every proxy instance on the database, so that
 * Saleschat's per-endpoint limit holds for all of them together and across restarts.
 *
 * A slot is booked in one round trip (`book_rate_slot`, migration 7, under the row's lock, by
 * the database's clock) and answered by its start; the request waits here until then and is
 * sent at once. Saleschat counts requests when they arrive, so a slot only keeps the limit if
 * its request leaves on time: an instance whose answer or timer came more than `lateMs` after
 * the slot's start (a busy event loop, common in a burst on a loaded host) leaves that slot
 * unused and books another. Slots are spaced evenly by (window + `lateMs` + `spreadMs`) ÷
 * limit, 160 ms by default (6.25 per second): measured on a loaded 2-core host, requests
 * reached Saleschat 60–75 ms after their slot's start as a median and up to 750 ms late, and
 * evenly spaced slots keep such stragglers from meeting a whole second's worth of requests
 * (with 140 ms, 2 of 9 bursts still drew a 429 there). With `maxQueueMs` 0 only
 * the first of simultaneous requests goes. The instances' clocks must agree with the
 * database's to well within `spreadMs` (NTP does).
 */
export function createSharedSlotBook(
  connection: () => Promise<SqlConnection>,
  options: SharedSlotBookOptions = {},
): SlotBook {
  const { lateMs = 100, spreadMs = 400, now = Date.now } = options;

  async function book(key: string, limit: number, windowMs: number, maxQueueMs: number) {
    const [row] = await (
      await connection()
    ).query<{ granted: boolean; slot_ms: number }>(
      `SELECT granted, slot_ms FROM ${SCHEMA}.book_rate_slot($1, $2, $3, $4)`,
      [key, limit, windowMs, maxQueueMs],
    );
    if (!row) throw new Error('book_rate_slot returned no row');
    return { granted: row.granted, slotMs: Number(row.slot_ms) };
  }

  return {
    async take(key, { limit, windowMs, maxQueueMs }) {
      const asked = now();
      for (let booking = 1; ; booking++) {
        const queueLeftMs = Math.max(0, maxQueueMs - (now() - asked));
        // Evenly spaced, one slot per window ÷ limit, rather than `limit` at once and the next
        // `limit` a window later: then one request arriving late meets one on time, not a
        // whole second's worth of them.
        const { granted, slotMs } = await book(
          key,
          1,
          (windowMs + lateMs + spreadMs) / limit,
          queueLeftMs,
        );
        if (!granted) return { granted: false, waitMs: Math.max(1, slotMs - now()) };
        // A timer may fire a millisecond early; never send before the slot.
        while (now() < slotMs) await sleep(slotMs - now());
        if (now() - slotMs <= lateMs) return { granted: true, waitMs: 0 };
        if (booking === MAX_BOOKINGS) return { granted: false, waitMs: windowMs };
      }
    },
  };
}
