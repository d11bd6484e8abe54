import type { SlotBook } from '@saleschat-kit/saleschat-client';

/** A CRM user and, once linked, their Saleschat user and cached magic link. */
export interface UserRecord {
  crmUserId: string;
  /** `null` until an operator links the CRM user to a Saleschat user. */
  scUserId: string | null;
  /** The last magic link fetched for `scUserId`, reused until shortly before it expires. */
  magicLink: string | null;
  magicLinkExpiresAt: Date | null;
}

/** A CRM customer's Saleschat contact: the one place the mapping lives (Saleschat has no lookup). */
export interface ContactRecord {
  crmCustomerId: string;
  scContactId: string;
  /** Saleschat user the contact's chatroom is assigned to, `null` before the first assign. */
  assigneeScUserId: string | null;
  assignedAt: Date | null;
  /** When the last assign request was sent, accepted or not: Saleschat counts every one. */
  assignRequestedAt: Date | null;
  /** The names last sent to Saleschat (`''` for none); `null` when not known. */
  sentFirstName: string | null;
  sentLastName: string | null;
  /** Whom the last accepted assign targeted (`user:…`, `group:…`, `handover:…`); `null` when not known. */
  assignTarget: string | null;
}

/**
 * A lead whose contact create was sent (or about to be) but whose contact id is not recorded:
 * Saleschat may or may not hold its contact.
 */
export interface PendingContact {
  crmCustomerId: string;
  /** When the last create was about to be sent. */
  requestedAt: Date;
  /**
   * Since when Saleschat refused a create for it as a duplicate without saying which contact:
   * only an operator can link it (`saleschat-kit contacts link`). `null`: the create's outcome
   * is unknown and the lead's next Chat settles it.
   */
  needsRepairSince: Date | null;
}

/** The reads and writes of the proxy's tables. */
export interface StoreQueries {
  getUser(crmUserId: string): Promise<UserRecord | null>;
  /** Every CRM user with a row, linked or not, ordered by CRM user id (for operators' tools). */
  listUsers(): Promise<UserRecord[]>;
  /**
   * Links a CRM user to a Saleschat user (creating the row if needed). Linking to another
   * Saleschat user forgets the cached magic link, which would log in as the previous one.
   */
  linkUser(crmUserId: string, scUserId: string): Promise<void>;
  /** Forgets the CRM user's Saleschat user and cached link; their Login then answers USER_NOT_LINKED. */
  unlinkUser(crmUserId: string): Promise<void>;
  /** Caches a magic link, only if the CRM user is still linked to `scUserId`. */
  saveMagicLink(crmUserId: string, scUserId: string, url: string, expiresAt: Date): Promise<void>;
  getContact(crmCustomerId: string): Promise<ContactRecord | null>;
  /**
   * Records which Saleschat contact a CRM customer is. The proxy calls it right after creating a
   * contact; an operator calls it to restore a mapping that was lost or made elsewhere (Saleschat
   * then answers 4090001 to a create). A different contact id resets the recorded assignee.
   * `assignRequestedAt` records an assign request about to follow, in the same statement.
   */
  saveContact(crmCustomerId: string, scContactId: string, assignRequestedAt?: Date): Promise<void>;
  /**
   * Records that a contact create for the lead is about to be sent, in its own statement and
   * before the request: a process that dies before recording the answer leaves this trace.
   * `saveContact` clears it. Resolves to `true` when no earlier create of the lead was pending.
   */
  recordCreateRequest(crmCustomerId: string, at: Date): Promise<boolean>;
  /**
   * Deletes the lead's pending create unless it needs repair: Saleschat refused the create it
   * recorded, so no contact can exist for it.
   */
  forgetCreateRequest(crmCustomerId: string): Promise<void>;
  /**
   * Marks the lead's create as refused for a duplicate without the contact's id. Resolves to
   * `true` the first time only (for the one log line per lead).
   */
  markNeedsRepair(crmCustomerId: string, at: Date): Promise<boolean>;
  /** Leads with a create requested and no contact recorded, oldest first (`contacts pending`). */
  listPendingContacts(): Promise<PendingContact[]>;
  /** Deletes the lead's mapping if it still names `scContactId` (Saleschat no longer has that contact). */
  forgetContact(crmCustomerId: string, scContactId: string): Promise<void>;
  /** Records that an assign request is about to be sent (Saleschat allows one per 10 s per contact). */
  recordAssignRequest(crmCustomerId: string, at: Date): Promise<void>;
  /**
   * Records the contact's assignee after Saleschat accepted the assign: `scUserId` is `null`
   * when Saleschat picks it (a group, or once the lead replies); `target` is whom it targeted.
   */
  saveAssignment(
    crmCustomerId: string,
    scUserId: string | null,
    at: Date,
    target?: string,
  ): Promise<void>;
  /** Records the names Saleschat now has for the contact (`''` for none). */
  saveSentNames(crmCustomerId: string, firstName: string, lastName: string): Promise<void>;
}

/**
 * Where the proxy keeps its user and contact tables. `createEmbeddedStore` (SQLite in a folder)
 * and `createPostgresStore` share one schema, its migrations and one set of queries.
 */
export interface Store extends StoreQueries {
  /** Resolves once the migrations are applied; rejects with the reason the store cannot open. */
  ready(): Promise<void>;
  /**
   * Runs `fn` while no other caller — in this process or in another proxy sharing the database —
   * runs one for the same key. `fn` must use the queries it is given, not the store's own.
   */
  exclusive<T>(key: string, fn: (queries: StoreQueries) => Promise<T>): Promise<T>;
  /**
   * Where the proxy's limiter books Saleschat request slots when several instances share this
   * store (PostgreSQL), so the budget holds for all of them and across restarts; `undefined`
   * keeps it in the proxy's memory (the embedded store, which one process opens at a time).
   */
  readonly rateSlots?: SlotBook;
  /** The SQL dialect behind it, named in the proxy's telemetry; `undefined` for a host's own store. */
  readonly dialect?: Dialect;
  /** Releases the database (connections, files). */
  close(): Promise<void>;
}

/**
 * How the proxy's telemetry watches a kit store's database work (telemetry.ts), attached below
 * its read cache: a read the cache answers is no database operation and is not reported.
 */
export interface StoreObserver {
  /** The queries of one connection, each reported when it runs. */
  queries(queries: StoreQueries): StoreQueries;
  /** `exclusive` starts waiting for its lock; the function returned is called once held, or with the error that ended the wait. */
  lock(): (error?: unknown) => void;
}

/** The SQL dialects the store speaks; the few differences live in migrations.ts. */
export type Dialect = 'postgres' | 'sqlite';

/** One database connection, as the SQL store needs it. */
export interface SqlConnection {
  /** One statement with `$1`, `$2`… parameters. */
  query<Row>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Several statements without parameters (migrations). */
  exec(text: string): Promise<void>;
}

/**
 * What differs between SQLite and PostgreSQL: the dialect, how a connection is held and how
 * callers are kept apart. Everything else — schema, migrations, queries — is shared.
 */
export interface SqlDriver extends SqlConnection {
  dialect: Dialect;
  /**
   * Runs `fn` on one connection while holding the lock `(scope, key)` against every other
   * holder of the same database.
   */
  withLock<T>(
    scope: string,
    key: string,
    fn: (connection: SqlConnection) => Promise<T>,
  ): Promise<T>;
  /**
   * Connections kept apart from `withLock`'s, for the shared rate budget: lock holders wait on
   * the budget, so it must never wait for a connection they hold. Default: the driver's own.
   */
  budget?: SqlConnection;
  /**
   * Listens on a notification channel on a connection of its own, reconnecting when it drops;
   * `onState` says whether notifications can arrive (false while reconnecting). Returns a stop
   * function. Only drivers whose database has other writers have it (PostgreSQL).
   */
  listen?(
    channel: string,
    handlers: { onMessage: (payload: string) => void; onState: (listening: boolean) => void },
  ): () => Promise<void>;
  close(): Promise<void>;
}
