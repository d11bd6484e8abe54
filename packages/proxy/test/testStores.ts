import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import type { SaleschatProxyOptions } from '../src/index';

/** A fresh database on the run's PostgreSQL server; returns its URL. */
export async function createTestDatabase(): Promise<string> {
  const serverUrl = inject('postgresUrl');
  const name = `proxy_test_${crypto.randomUUID().replace(/-/g, '')}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.href;
}

/** A fresh embedded data folder (the store creates its database in it, in milliseconds). */
export function createTestDataDir(): { dataDir: string; remove: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'saleschat-proxy-test-'));
  return {
    dataDir: join(root, 'data'),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

export interface TestStore {
  /** What to pass as the proxy's `store` option (one process at a time may open an embedded one). */
  option: SaleschatProxyOptions['store'];
  remove: () => void;
}

/** The two stores every behavioural suite runs against. */
export const storeFactories: { name: string; create: () => Promise<TestStore> }[] = [
  {
    name: 'embedded SQLite',
    create: async () => {
      const { dataDir, remove } = createTestDataDir();
      return { option: { dataDir }, remove };
    },
  },
  {
    name: 'PostgreSQL',
    create: async () => ({
      option: { connectionString: await createTestDatabase() },
      remove: () => undefined,
    }),
  },
];
