import type { Dialect, SqlDriver } from './types';

/** The PostgreSQL schema of the tables, so they never meet a host's own `user` table. */
export const SCHEMA = 'saleschat_kit';

/**
 * The tables' names in each dialect. An embedded database file holds nothing but the kit's
 * tables, so SQLite needs no schema.
 */
export const TABLES: Record<Dialect, { user: string; contact: string; migrations: string }> = {
  postgres: {
    user: `${SCHEMA}."user"`,
    contact: `${SCHEMA}.contact`,
    migrations: `${SCHEMA}.schema_migrations`,
  },
  sqlite: { user: '"user"', contact: 'contact', migrations: 'schema_migrations' },
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
