import { createReadCache } from './createReadCache';
import { createSharedSlotBook } from './createSharedSlotBook';
import { applyMigrations, CHANGE_CHANNEL, SCHEMA, TABLES } from './migrations';
import { rethrowUnreachable } from './storeUnavailable';
import type {
  ContactRecord,
  Dialect,
  SqlConnection,
  SqlDriver,
  Store,
  StoreObserver,
  StoreQueries,
  UserRecord,
} from './types';

/** Runs tasks one at a time per key, in arrival order; different keys run side by side. */
export interface KeyedMutex {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}

export function createKeyedMutex(): KeyedMutex {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run(key, task) {
      const previous = tails.get(key) ?? Promise.resolve();
      // A failed task must not block the next one, so the chain continues on both outcomes.
      const result = previous.then(task, task);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      void tail.then(() => {
        // Drop the entry once nobody queued behind this task, so the map stays small.
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
  };
}

interface UserRow {
  crm_user_id: string;
  sc_user_id: string | null;
  sc_magic_link: string | null;
  sc_expiry_ts: Date | string | null;
}

interface ContactRow {
  crm_customer_id: string;
  sc_contact_id: string;
  sc_user_id: string | null;
  assigned_at: Date | string | null;
  assign_requested_at: Date | string | null;
  sent_first_name: string | null;
  sent_last_name: string | null;
  assign_target: string | null;
}

function toDate(value: Date | string | null): Date | null {
  return value === null ? null : new Date(value);
}

function userOf(row: UserRow): UserRecord {
  return {
    crmUserId: row.crm_user_id,
    scUserId: row.sc_user_id,
    magicLink: row.sc_magic_link,
    magicLinkExpiresAt: toDate(row.sc_expiry_ts),
  };
}

/**
 * The store's queries on one connection, in the SQL PostgreSQL and SQLite share (upserts,
 * `IS NOT DISTINCT FROM`, `CURRENT_TIMESTAMP`). Every value goes in as a parameter.
 */
function queriesOn(
  connection: SqlConnection,
  {
    user: USER,
    contact: CONTACT,
    contactCreate: CONTACT_CREATE,
  }: (typeof TABLES)[keyof typeof TABLES],
): StoreQueries {
  return {
    async getUser(crmUserId) {
      const [row] = await connection.query<UserRow>(
        `SELECT crm_user_id, sc_user_id, sc_magic_link, sc_expiry_ts FROM ${USER} WHERE crm_user_id = $1`,
        [crmUserId],
      );
      return row ? userOf(row) : null;
    },
    async listUsers() {
      const rows = await connection.query<UserRow>(
        `SELECT crm_user_id, sc_user_id, sc_magic_link, sc_expiry_ts FROM ${USER} ORDER BY crm_user_id`,
      );
      return rows.map(userOf);
    },
    async linkUser(crmUserId, scUserId) {
      await connection.query(
        `INSERT INTO ${USER} AS u (crm_user_id, sc_user_id) VALUES ($1, $2)
         ON CONFLICT (crm_user_id) DO UPDATE SET
           sc_user_id = EXCLUDED.sc_user_id,
           sc_magic_link = CASE WHEN u.sc_user_id IS NOT DISTINCT FROM EXCLUDED.sc_user_id
             THEN u.sc_magic_link END,
           sc_expiry_ts = CASE WHEN u.sc_user_id IS NOT DISTINCT FROM EXCLUDED.sc_user_id
             THEN u.sc_expiry_ts END,
           updated_at = CURRENT_TIMESTAMP`,
        [crmUserId, scUserId],
      );
    },
    async unlinkUser(crmUserId) {
      await connection.query(
        `UPDATE ${USER} SET sc_user_id = NULL, sc_magic_link = NULL, sc_expiry_ts = NULL,
           updated_at = CURRENT_TIMESTAMP WHERE crm_user_id = $1`,
        [crmUserId],
      );
    },
    async saveMagicLink(crmUserId, scUserId, url, expiresAt) {
      await connection.query(
        `UPDATE ${USER} SET sc_magic_link = $3, sc_expiry_ts = $4, updated_at = CURRENT_TIMESTAMP
         WHERE crm_user_id = $1 AND sc_user_id = $2`,
        [crmUserId, scUserId, url, expiresAt.toISOString()],
      );
    },
    async getContact(crmCustomerId) {
      const [row] = await connection.query<ContactRow>(
        `SELECT crm_customer_id, sc_contact_id, sc_user_id, assigned_at, assign_requested_at,
           sent_first_name, sent_last_name, assign_target
         FROM ${CONTACT} WHERE crm_customer_id = $1`,
        [crmCustomerId],
      );
      if (!row) return null;
      const contact: ContactRecord = {
        crmCustomerId: row.crm_customer_id,
        scContactId: row.sc_contact_id,
        assigneeScUserId: row.sc_user_id,
        assignedAt: toDate(row.assigned_at),
        assignRequestedAt: toDate(row.assign_requested_at),
        sentFirstName: row.sent_first_name,
        sentLastName: row.sent_last_name,
        assignTarget: row.assign_target,
      };
      return contact;
    },
    async saveContact(crmCustomerId, scContactId, assignRequestedAt) {
      await connection.query(
        `INSERT INTO ${CONTACT} AS c (crm_customer_id, sc_contact_id, assign_requested_at)
         VALUES ($1, $2, $3)
         ON CONFLICT (crm_customer_id) DO UPDATE SET
           sc_contact_id = EXCLUDED.sc_contact_id,
           sc_user_id = CASE WHEN c.sc_contact_id = EXCLUDED.sc_contact_id THEN c.sc_user_id END,
           assigned_at = CASE WHEN c.sc_contact_id = EXCLUDED.sc_contact_id THEN c.assigned_at END,
           assign_target = CASE WHEN c.sc_contact_id = EXCLUDED.sc_contact_id THEN c.assign_target END,
           sent_first_name = CASE WHEN c.sc_contact_id = EXCLUDED.sc_contact_id THEN c.sent_first_name END,
           sent_last_name = CASE WHEN c.sc_contact_id = EXCLUDED.sc_contact_id THEN c.sent_last_name END,
           assign_requested_at = COALESCE(EXCLUDED.assign_requested_at, c.assign_requested_at),
           updated_at = CURRENT_TIMESTAMP`,
        [crmCustomerId, scContactId, assignRequestedAt?.toISOString() ?? null],
      );
      // After the mapping: a death in between leaves the lead listed as pending, never lost.
      await connection.query(`DELETE FROM ${CONTACT_CREATE} WHERE crm_customer_id = $1`, [
        crmCustomerId,
      ]);
    },
    async recordCreateRequest(crmCustomerId, at) {
      // Read first: the caller holds the lead's lock, so nothing writes the row in between.
      const earlier = await connection.query(
        `SELECT 1 FROM ${CONTACT_CREATE} WHERE crm_customer_id = $1`,
        [crmCustomerId],
      );
      await connection.query(
        `INSERT INTO ${CONTACT_CREATE} (crm_customer_id, requested_at) VALUES ($1, $2)
         ON CONFLICT (crm_customer_id) DO UPDATE SET requested_at = EXCLUDED.requested_at`,
        [crmCustomerId, at.toISOString()],
      );
      return earlier.length === 0;
    },
    async forgetCreateRequest(crmCustomerId) {
      await connection.query(
        `DELETE FROM ${CONTACT_CREATE} WHERE crm_customer_id = $1 AND needs_repair_since IS NULL`,
        [crmCustomerId],
      );
    },
    async markNeedsRepair(crmCustomerId, at) {
      const rows = await connection.query<{ crm_customer_id: string }>(
        `INSERT INTO ${CONTACT_CREATE} AS cc (crm_customer_id, requested_at, needs_repair_since)
         VALUES ($1, $2, $2)
         ON CONFLICT (crm_customer_id) DO UPDATE SET needs_repair_since = EXCLUDED.needs_repair_since
         WHERE cc.needs_repair_since IS NULL
         RETURNING crm_customer_id`,
        [crmCustomerId, at.toISOString()],
      );
      return rows.length > 0;
    },
    async listPendingContacts() {
      const rows = await connection.query<{
        crm_customer_id: string;
        requested_at: Date | string;
        needs_repair_since: Date | string | null;
      }>(
        `SELECT cc.crm_customer_id, cc.requested_at, cc.needs_repair_since
         FROM ${CONTACT_CREATE} cc LEFT JOIN ${CONTACT} c ON c.crm_customer_id = cc.crm_customer_id
         WHERE c.crm_customer_id IS NULL ORDER BY cc.requested_at, cc.crm_customer_id`,
      );
      return rows.map((row) => ({
        crmCustomerId: row.crm_customer_id,
        requestedAt: new Date(row.requested_at),
        needsRepairSince: toDate(row.needs_repair_since),
      }));
    },
    async forgetContact(crmCustomerId, scContactId) {
      await connection.query(
        `DELETE FROM ${CONTACT} WHERE crm_customer_id = $1 AND sc_contact_id = $2`,
        [crmCustomerId, scContactId],
      );
    },
    async recordAssignRequest(crmCustomerId, at) {
      await connection.query(
        `UPDATE ${CONTACT} SET assign_requested_at = $2, updated_at = CURRENT_TIMESTAMP WHERE crm_customer_id = $1`,
        [crmCustomerId, at.toISOString()],
      );
    },
    async saveAssignment(crmCustomerId, scUserId, at, target) {
      await connection.query(
        `UPDATE ${CONTACT} SET sc_user_id = $2, assigned_at = $3, assign_target = $4,
           updated_at = CURRENT_TIMESTAMP
         WHERE crm_customer_id = $1`,
        [crmCustomerId, scUserId, at.toISOString(), target ?? null],
      );
    },
    async saveSentNames(crmCustomerId, firstName, lastName) {
      await connection.query(
        `UPDATE ${CONTACT} SET sent_first_name = $2, sent_last_name = $3,
           updated_at = CURRENT_TIMESTAMP
         WHERE crm_customer_id = $1`,
        [crmCustomerId, firstName, lastName],
      );
    },
  };
}

/** The connection, its errors of an unreachable database turned into the kit's STORE_UNAVAILABLE. */
function reportingUnreachable(connection: SqlConnection): SqlConnection {
  return {
    query: <Row>(text: string, params?: readonly unknown[]) =>
      connection.query<Row>(text, params).catch(rethrowUnreachable),
    exec: (text: string) => connection.exec(text).catch(rethrowUnreachable),
  };
}

/** How to attach telemetry to each store `createSqlStore` made (see `observeSqlStore`). */
const observable = new WeakMap<Store, (observer: StoreObserver) => void>();

/**
 * Has `observer` watch the database work of a store made by `createSqlStore` (below its read
 * cache) and says so; `false` for any other store. A store shared by two proxies reports to
 * the last one attached (both report through the same global OpenTelemetry API).
 */
export function observeSqlStore(store: Store, observer: StoreObserver): boolean {
  const attach = observable.get(store);
  attach?.(observer);
  return attach !== undefined;
}

/**
 * A store over any SQL driver: the same schema, migrations and queries for SQLite and
 * PostgreSQL. Migrations start at once; every call waits for them, and a failed start is
 * retried by the next call (a database that was down at boot is picked up when it is back).
 */
export function createSqlStore(
  openDriver: () => Promise<SqlDriver>,
  {
    singleWriter = false,
    dialect,
  }: {
    /** The database has no other writer than this store: reads may be cached. */ singleWriter?: boolean;
    /** The driver's dialect, known before it opens (`Store.dialect`). */ dialect?: Dialect;
  } = {},
): Store {
  // With other writers, the cache serves reads only while the driver reports their changes.
  let listening = false;
  let stopListening: (() => Promise<void>) | undefined;
  const cache = createReadCache({ active: () => singleWriter || listening });
  let observer: StoreObserver | undefined;
  /** `fresh`: decisions taken under `exclusive` must see other instances' latest writes. */
  const queriesOf = (driver: SqlDriver, connection: SqlConnection = driver, fresh = false) => {
    const queries = queriesOn(reportingUnreachable(connection), TABLES[driver.dialect]);
    return cache.wrap(observer ? observer.queries(queries) : queries, {
      fresh: fresh && !singleWriter,
    });
  };
  // The queries outside `exclusive`, built once: on a cached login or repeat chat, building
  // them for every call cost more than the cached read itself.
  let shared: { driver: SqlDriver; queries: StoreQueries } | undefined;
  const sharedQueries = (driver: SqlDriver) => {
    if (shared?.driver !== driver) shared = { driver, queries: queriesOf(driver) };
    return shared.queries;
  };
  function listenForChanges(driver: SqlDriver): void {
    if (singleWriter || !driver.listen || stopListening) return;
    stopListening = driver.listen(CHANGE_CHANNEL, {
      onMessage(payload) {
        try {
          const [table, key] = JSON.parse(payload) as [string, string];
          cache.forget(table === 'user' ? 'user' : 'contact', String(key));
        } catch {
          cache.clear();
        }
      },
      onState(up) {
        // Changes made while no notification could arrive are unknown: start over either way.
        cache.clear();
        listening = up;
      },
    });
  }
  let driverPromise: Promise<SqlDriver> | undefined;
  /** The driver once open, to skip awaiting `driverPromise` on every query. */
  let opened: SqlDriver | undefined;
  let closed = false;
  // Waiters of one proxy queue here, so at most one per key holds a database connection.
  const mutex = createKeyedMutex();

  function open(): Promise<SqlDriver> {
    if (closed) return Promise.reject(new Error('The Saleschat store is closed.'));
    if (driverPromise) return driverPromise;
    const opening = (async () => {
      const driver = await openDriver();
      try {
        await applyMigrations(driver);
        listenForChanges(driver);
      } catch (error) {
        await driver.close().catch(() => undefined);
        throw error;
      }
      opened = driver;
      return driver;
    })();
    driverPromise = opening;
    opening.catch(() => {
      if (driverPromise === opening) driverPromise = undefined;
    });
    return opening;
  }

  // Once open, a call goes straight to the (cached) query: a read the cache answers costs one
  // promise, not a chain of them.
  const withQueries =
    <A extends unknown[], R>(pick: (queries: StoreQueries) => (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      !closed && opened
        ? pick(sharedQueries(opened))(...args)
        : open()
            .catch(rethrowUnreachable)
            .then((driver) => pick(sharedQueries(driver))(...args));

  const store: Store = {
    dialect,
    rateSlots: singleWriter
      ? undefined
      : createSharedSlotBook(async () => {
          const driver = await open();
          return driver.budget ?? driver;
        }),
    ready: async () => {
      await open();
    },
    getUser: withQueries((q) => q.getUser),
    listUsers: withQueries((q) => q.listUsers),
    linkUser: withQueries((q) => q.linkUser),
    unlinkUser: withQueries((q) => q.unlinkUser),
    saveMagicLink: withQueries((q) => q.saveMagicLink),
    getContact: withQueries((q) => q.getContact),
    saveContact: withQueries((q) => q.saveContact),
    recordAssignRequest: withQueries((q) => q.recordAssignRequest),
    recordCreateRequest: withQueries((q) => q.recordCreateRequest),
    forgetCreateRequest: withQueries((q) => q.forgetCreateRequest),
    markNeedsRepair: withQueries((q) => q.markNeedsRepair),
    listPendingContacts: withQueries((q) => q.listPendingContacts),
    forgetContact: withQueries((q) => q.forgetContact),
    saveAssignment: withQueries((q) => q.saveAssignment),
    saveSentNames: withQueries((q) => q.saveSentNames),
    exclusive(key, fn) {
      let held = observer?.lock();
      const running = mutex.run(key, async () => {
        const driver = await open().catch(rethrowUnreachable);
        return driver
          .withLock(`${SCHEMA}.exclusive`, key, (connection) => {
            held?.();
            held = undefined;
            return fn(queriesOf(driver, connection, true));
          })
          .catch(rethrowUnreachable);
      });
      if (held) running.catch((error: unknown) => held?.(error));
      return running;
    },
    async close() {
      if (closed) return;
      closed = true;
      opened = undefined;
      await stopListening?.();
      const driver = await driverPromise?.catch(() => undefined);
      await driver?.close();
    },
  };
  observable.set(store, (attached) => {
    observer = attached;
    shared = undefined;
  });
  return store;
}
