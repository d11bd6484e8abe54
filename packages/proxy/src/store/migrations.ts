import type { Dialect, SqlDriver } from './types';

/** The PostgreSQL schema of the tables, so they never meet a host's own `user` table. */
export const SCHEMA = 'saleschat_kit';

/** The PostgreSQL notification channel on which migration 5's trigger reports changed rows. */
export const CHANGE_CHANNEL = `${SCHEMA}_change`;

/**
 * The tables' names in each dialect. An embedded database file holds nothing but the kit's
 * tables, so SQLite needs no schema.
 */
export const TABLES: Record<
  Dialect,
  { user: string; contact: string; contactCreate: string; migrations: string }
> = {
  postgres: {
    user: `${SCHEMA}."user"`,
    contact: `${SCHEMA}.contact`,
    contactCreate: `${SCHEMA}.contact_create`,
    migrations: `${SCHEMA}.schema_migrations`,
  },
  sqlite: {
    user: '"user"',
    contact: 'contact',
    contactCreate: 'contact_create',
    migrations: 'schema_migrations',
  },
};

export interface Migration {
  version: number;
  name: string;
  /** The same change in each dialect. */
  sql: Record<Dialect, string>;
}

/** Creates the table that records applied migrations (and, on PostgreSQL, their schema). */
const BOOTSTRAP: Record<Dialect, string> = {
  postgres: `
    CREATE SCHEMA IF NOT EXISTS ${SCHEMA};
    CREATE TABLE IF NOT EXISTS ${TABLES.postgres.migrations} (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    );`,
  sqlite: `
    CREATE TABLE IF NOT EXISTS ${TABLES.sqlite.migrations} (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at text NOT NULL DEFAULT CURRENT_TIMESTAMP
    ) STRICT;`,
};

/**
 * Numbered, append-only: a released migration is never edited, a change is a new one. Each runs
 * in its own transaction and is recorded in the migrations table. SQLite keeps timestamps as
 * ISO 8601 text, which the store reads back into `Date`s.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'user and contact tables',
    sql: {
      postgres: `
        CREATE TABLE ${SCHEMA}."user" (
          id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          crm_user_id text NOT NULL UNIQUE,
          sc_user_id text,
          sc_magic_link text,
          sc_expiry_ts timestamptz,
          created_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE ${SCHEMA}.contact (
          id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          crm_customer_id text NOT NULL UNIQUE,
          sc_contact_id text NOT NULL,
          sc_user_id text,
          assigned_at timestamptz,
          assign_requested_at timestamptz,
          created_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now()
        );`,
      sqlite: `
        CREATE TABLE "user" (
          id integer PRIMARY KEY,
          crm_user_id text NOT NULL UNIQUE,
          sc_user_id text,
          sc_magic_link text,
          sc_expiry_ts text,
          created_at text NOT NULL DEFAULT CURRENT_TIMESTAMP,
          updated_at text NOT NULL DEFAULT CURRENT_TIMESTAMP
        ) STRICT;
        CREATE TABLE contact (
          id integer PRIMARY KEY,
          crm_customer_id text NOT NULL UNIQUE,
          sc_contact_id text NOT NULL,
          sc_user_id text,
          assigned_at text,
          assign_requested_at text,
          created_at text NOT NULL DEFAULT CURRENT_TIMESTAMP,
          updated_at text NOT NULL DEFAULT CURRENT_TIMESTAMP
        ) STRICT;`,
    },
  },
  {
    version: 2,
    name: 'contact names and assignment target last sent to Saleschat',
    // NULL names: not known (rows from before this migration), so the next Chat sends them once.
    sql: {
      postgres: `
        ALTER TABLE ${SCHEMA}.contact ADD COLUMN sent_first_name text;
        ALTER TABLE ${SCHEMA}.contact ADD COLUMN sent_last_name text;
        ALTER TABLE ${SCHEMA}.contact ADD COLUMN assign_target text;`,
      sqlite: `
        ALTER TABLE contact ADD COLUMN sent_first_name text;
        ALTER TABLE contact ADD COLUMN sent_last_name text;
        ALTER TABLE contact ADD COLUMN assign_target text;`,
    },
  },
  {
    version: 4,
    name: 'shared rate budget',
    sql: {
      // One row per Saleschat endpoint holds its last booked slots (epoch ms, by the database's
      // clock, which every instance shares). take_rate_slot books one in a single round trip.
      postgres: `
        CREATE TABLE ${SCHEMA}.rate_slot (
          key text PRIMARY KEY,
          slots float8[] NOT NULL DEFAULT '{}'
        );
        CREATE FUNCTION ${SCHEMA}.take_rate_slot(
          p_key text, p_limit integer, p_window_ms float8, p_max_queue_ms float8,
          OUT granted boolean, OUT wait_ms float8
        ) LANGUAGE plpgsql AS $fn$
        DECLARE
          booked float8[];
          at float8;
          slot float8;
        BEGIN
          INSERT INTO ${SCHEMA}.rate_slot (key) VALUES (p_key) ON CONFLICT (key) DO NOTHING;
          SELECT slots INTO booked FROM ${SCHEMA}.rate_slot WHERE key = p_key FOR UPDATE;
          -- Read after the row lock: waiting for it takes time.
          at := extract(epoch FROM clock_timestamp()) * 1000;
          -- The earliest slot that keeps the last p_limit slots within one window (a subscript
          -- below 1 reads NULL: fewer than p_limit booked, nothing blocks).
          slot := GREATEST(at, COALESCE(booked[cardinality(booked) - p_limit + 1] + p_window_ms, at));
          wait_ms := slot - at;
          granted := wait_ms <= p_max_queue_ms;
          IF granted THEN
            booked := booked || slot;
            UPDATE ${SCHEMA}.rate_slot
              SET slots = booked[GREATEST(1, cardinality(booked) - p_limit + 1):]
              WHERE key = p_key;
          END IF;
        END
        $fn$;`,
      // The embedded store has one process, which keeps its budget in memory.
      sqlite: `SELECT 1;`,
    },
  },
  {
    version: 5,
    name: 'notify user and contact changes',
    sql: {
      // Every write of a user or contact row, by any instance or an operator's SQL, tells the
      // listening instances which row to drop from their read caches.
      postgres: `
        CREATE FUNCTION ${SCHEMA}.notify_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
        DECLARE
          changed jsonb;
        BEGIN
          IF TG_OP = 'DELETE' THEN changed := to_jsonb(OLD); ELSE changed := to_jsonb(NEW); END IF;
          -- TG_ARGV[0]: the row's key column.
          PERFORM pg_notify('${CHANGE_CHANNEL}', json_build_array(TG_TABLE_NAME, changed ->> TG_ARGV[0])::text);
          RETURN NULL;
        END
        $fn$;
        CREATE TRIGGER notify_change AFTER INSERT OR UPDATE OR DELETE ON ${SCHEMA}."user"
          FOR EACH ROW EXECUTE FUNCTION ${SCHEMA}.notify_change('crm_user_id');
        CREATE TRIGGER notify_change AFTER INSERT OR UPDATE OR DELETE ON ${SCHEMA}.contact
          FOR EACH ROW EXECUTE FUNCTION ${SCHEMA}.notify_change('crm_customer_id');`,
      // One process writes the embedded database: its cache sees every write itself.
      sqlite: `SELECT 1;`,
    },
  },
  {
    version: 6,
    name: 'contact creates requested and not yet recorded',
    sql: {
      postgres: `
        CREATE TABLE ${SCHEMA}.contact_create (
          crm_customer_id text PRIMARY KEY,
          requested_at timestamptz NOT NULL,
          needs_repair_since timestamptz
        );`,
      sqlite: `
        CREATE TABLE contact_create (
          crm_customer_id text PRIMARY KEY,
          requested_at text NOT NULL,
          needs_repair_since text
        ) STRICT;`,
    },
  },
  {
    version: 7,
    name: 'rate slots answered by their start',
    sql: {
      // As take_rate_slot (migration 4, on the same rows), but answers the slot's start (epoch
      // ms, database clock) rather than a wait: a wait read by an instance whose answer came
      // late makes it send late, and late sends pile into the next window at Saleschat. With
      // the start, the instance sees how late it is and books again rather than send.
      postgres: `
        CREATE FUNCTION ${SCHEMA}.book_rate_slot(
          p_key text, p_limit integer, p_window_ms float8, p_max_queue_ms float8,
          OUT granted boolean, OUT slot_ms float8
        ) LANGUAGE plpgsql AS $fn$
        DECLARE
          booked float8[];
          at float8;
        BEGIN
          INSERT INTO ${SCHEMA}.rate_slot (key) VALUES (p_key) ON CONFLICT (key) DO NOTHING;
          SELECT slots INTO booked FROM ${SCHEMA}.rate_slot WHERE key = p_key FOR UPDATE;
          -- Read after the row lock: waiting for it takes time.
          at := extract(epoch FROM clock_timestamp()) * 1000;
          -- The earliest slot that keeps the last p_limit slots within one window (a subscript
          -- below 1 reads NULL: fewer than p_limit booked, nothing blocks). Slots are booked in
          -- order, so the array stays sorted.
          slot_ms := GREATEST(at, COALESCE(booked[cardinality(booked) - p_limit + 1] + p_window_ms, at));
          granted := slot_ms - at <= p_max_queue_ms;
          IF granted THEN
            booked := booked || slot_ms;
            UPDATE ${SCHEMA}.rate_slot
              SET slots = booked[GREATEST(1, cardinality(booked) - p_limit + 1):]
              WHERE key = p_key;
          END IF;
        END
        $fn$;`,
      // The embedded store keeps its budget in memory.
      sqlite: `SELECT 1;`,
    },
  },
];

/**
 * Applies the migrations the database has not seen yet, each in its own transaction. Proxies
 * starting at the same time take turns on a lock, so each migration is applied exactly once.
 * Returns the versions it applied.
 */
export async function applyMigrations(
  driver: SqlDriver,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  const { dialect } = driver;
  const table = TABLES[dialect].migrations;
  return driver.withLock(`${SCHEMA}.migrations`, 'migrations', async (connection) => {
    await connection.exec(BOOTSTRAP[dialect]);
    const rows = await connection.query<{ version: number }>(`SELECT version FROM ${table}`);
    const applied = new Set(rows.map((row) => Number(row.version)));
    const done: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      await connection.exec('BEGIN');
      try {
        await connection.exec(migration.sql[dialect]);
        await connection.query(`INSERT INTO ${table} (version, name) VALUES ($1, $2)`, [
          migration.version,
          migration.name,
        ]);
        await connection.exec('COMMIT');
      } catch (error) {
        await connection.exec('ROLLBACK').catch(() => undefined);
        throw new Error(`Migration ${migration.version} (${migration.name}) failed`, {
          cause: error,
        });
      }
      done.push(migration.version);
    }
    return done;
  });
}
