import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDataDir } from '../../test/testStores';
import { applyMigrations } from './applyMigrations';
import { MIGRATIONS } from './migrations';
import type { SqlDriver } from './sqlDriver';

describe('applyMigrations', () => {
  let db: PGlite;
  let driver: SqlDriver;
  let remove: () => void;

  beforeAll(async () => {
    const dir = createTestDataDir();
    remove = dir.remove;
    db = await PGlite.create(dir.dataDir);
    const connection = {
      query: async <Row>(text: string, params?: readonly unknown[]) =>
        (await db.query<Row>(text, params ? [...params] : undefined)).rows,
      exec: async (text: string) => {
        await db.exec(text);
      },
    };
    driver = {
      ...connection,
      withLock: (_scope, _key, fn) => fn(connection),
      close: () => db.close(),
    };
  });

  afterAll(async () => {
    await db?.close();
    remove?.();
  });

  it('applies each numbered migration once and records it', async () => {
    expect(await applyMigrations(driver)).toEqual(MIGRATIONS.map((migration) => migration.version));
    expect(await applyMigrations(driver)).toEqual([]);
    const rows = await driver.query<{ version: number }>(
      'SELECT version FROM saleschat_kit.schema_migrations ORDER BY version',
    );
    expect(rows.map((row) => row.version)).toEqual([1]);
  });

  it('rolls a failing migration back entirely and records nothing', async () => {
    const broken = [
      ...MIGRATIONS,
      {
        version: 2,
        name: 'half done',
        sql: 'CREATE TABLE saleschat_kit.half (id int); SELECT * FROM nowhere;',
      },
    ];
    await expect(applyMigrations(driver, broken)).rejects.toThrow('Migration 2 (half done) failed');
    const tables = await driver.query("SELECT 1 FROM pg_tables WHERE tablename = 'half'");
    expect(tables).toEqual([]);
    const rows = await driver.query(
      'SELECT version FROM saleschat_kit.schema_migrations WHERE version = 2',
    );
    expect(rows).toEqual([]);
  });
});
