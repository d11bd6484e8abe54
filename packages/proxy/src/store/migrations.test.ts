import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, createTestDataDir } from '../../test/testStores';
import { openSqliteDriver } from './createEmbeddedStore';
import { openPostgresDriver } from './createPostgresStore';
import { applyMigrations, MIGRATIONS, TABLES, type Migration } from './migrations';
import type { Dialect, SqlDriver } from './types';

const dialects: {
  dialect: Dialect;
  open: () => Promise<{ driver: SqlDriver; done: () => void }>;
}[] = [
  {
    dialect: 'sqlite',
    open: async () => {
      const { dataDir, remove } = createTestDataDir();
      return { driver: await openSqliteDriver(dataDir), done: remove };
    },
  },
  {
    dialect: 'postgres',
    open: async () => ({
      driver: await openPostgresDriver({ connectionString: await createTestDatabase() }),
      done: () => undefined,
    }),
  },
];

/** Whether a table of that name exists, asked the dialect's catalogue. */
const TABLE_EXISTS: Record<Dialect, string> = {
  sqlite: "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $1",
  postgres: 'SELECT 1 FROM pg_tables WHERE tablename = $1',
};

describe.each(dialects)('applyMigrations on $dialect', ({ dialect, open }) => {
  let driver: SqlDriver;
  let done: () => void;

  beforeAll(async () => {
    ({ driver, done } = await open());
  });

  afterAll(async () => {
    await driver?.close();
    done?.();
  });

  it('applies each numbered migration once and records it', async () => {
    expect(await applyMigrations(driver)).toEqual(MIGRATIONS.map((migration) => migration.version));
    expect(await applyMigrations(driver)).toEqual([]);
    const rows = await driver.query<{ version: number }>(
      `SELECT version FROM ${TABLES[dialect].migrations} ORDER BY version`,
    );
    expect(rows.map((row) => Number(row.version))).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('rolls a failing migration back entirely and records nothing', async () => {
    const version = Math.max(...MIGRATIONS.map((m) => m.version)) + 1;
    const table = dialect === 'postgres' ? 'saleschat_kit.half' : 'half';
    const sql = `CREATE TABLE ${table} (id int); SELECT * FROM nowhere;`;
    const broken: Migration[] = [
      ...MIGRATIONS,
      { version, name: 'half done', sql: { postgres: sql, sqlite: sql } },
    ];
    await expect(applyMigrations(driver, broken)).rejects.toThrow(
      `Migration ${version} (half done) failed`,
    );
    expect(await driver.query(TABLE_EXISTS[dialect], ['half'])).toEqual([]);
    const rows = await driver.query(
      `SELECT version FROM ${TABLES[dialect].migrations} WHERE version = $1`,
      [version],
    );
    expect(rows).toEqual([]);
  });
});
