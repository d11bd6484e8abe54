/** The schema every store shares; tables live in their own schema so they never meet a host's `user` table. */
export const SCHEMA = 'saleschat_kit';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Numbered, append-only: a released migration is never edited, a change is a new one. Each runs
 * in its own transaction and is recorded in `saleschat_kit.schema_migrations`.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'user and contact tables',
    sql: `
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
      );
    `,
  },
];
