import { MIGRATIONS, SCHEMA, type Migration } from './migrations';
import type { SqlDriver } from './sqlDriver';

/**
 * Applies the migrations the database has not seen yet, each in its own transaction. Proxies
 * starting at the same time take turns on a lock, so each migration is applied exactly once.
 * Returns the versions it applied.
 */
export async function applyMigrations(
  driver: SqlDriver,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  return driver.withLock(`${SCHEMA}.migrations`, 'migrations', async (connection) => {
    await connection.exec(`
      CREATE SCHEMA IF NOT EXISTS ${SCHEMA};
      CREATE TABLE IF NOT EXISTS ${SCHEMA}.schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      );
    `);
    const rows = await connection.query<{ version: number }>(
      `SELECT version FROM ${SCHEMA}.schema_migrations`,
    );
    const applied = new Set(rows.map((row) => Number(row.version)));
    const done: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      await connection.exec('BEGIN');
      try {
        await connection.exec(migration.sql);
        await connection.query(
          `INSERT INTO ${SCHEMA}.schema_migrations (version, name) VALUES ($1, $2)`,
          [migration.version, migration.name],
        );
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
