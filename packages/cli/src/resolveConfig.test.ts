import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SALESCHAT_BASE_URL } from '@saleschat-kit/saleschat-client';
import { describeSaleschatProblems, resolveConfig } from './resolveConfig';

describe('resolveConfig', () => {
  it('takes the environment, with the embedded store and the public API by default', () => {
    const config = resolveConfig(
      {},
      { SALESCHAT_API_TOKEN: ' tok ', SALESCHAT_ORG_ID: 'org_1' },
      '/srv/crm',
    );
    expect(config).toEqual({
      token: 'tok',
      orgId: 'org_1',
      baseUrl: SALESCHAT_BASE_URL,
      store: {
        kind: 'pglite',
        dataDir: '/srv/crm/.data/saleschat',
        label: 'the embedded store in /srv/crm/.data/saleschat',
      },
      secrets: ['tok'],
    });
    expect(describeSaleschatProblems(config)).toEqual([]);
  });

  it('lets flags win over the environment, and reads the token from a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'saleschat-kit-cli-config-'));
    writeFileSync(join(dir, 'token'), 'from-file\n');
    try {
      const config = resolveConfig(
        {
          'org-id': 'org_flag',
          'base-url': 'http://127.0.0.1:4010',
          'token-file': 'token',
          'data-dir': 'store',
        },
        {
          SALESCHAT_API_TOKEN: 'from-env',
          SALESCHAT_ORG_ID: 'org_env',
          SALESCHAT_DATA_DIR: '/elsewhere',
        },
        dir,
      );
      expect(config).toMatchObject({
        token: 'from-file',
        orgId: 'org_flag',
        baseUrl: 'http://127.0.0.1:4010',
        store: { kind: 'pglite', dataDir: join(dir, 'store') },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('picks PostgreSQL from DATABASE_URL, describes it without the password and keeps the password secret', () => {
    const config = resolveConfig(
      {},
      { DATABASE_URL: 'postgres://kit:p%40ss@db.internal:5432/crm?sslmode=require' },
      '/',
    );
    expect(config.store).toEqual({
      kind: 'postgres',
      connectionString: 'postgres://kit:p%40ss@db.internal:5432/crm?sslmode=require',
      label: 'PostgreSQL at postgres://kit@db.internal:5432/crm',
    });
    expect(config.secrets).toEqual(['p@ss']);
  });

  it('says what is missing or wrong, with the fix', () => {
    const problems = describeSaleschatProblems(resolveConfig({ 'base-url': 'ftp://x' }, {}, '/'));
    expect(problems.map((problem) => problem.message)).toEqual([
      'No Saleschat token.',
      'No Saleschat organisation.',
      'SALESCHAT_BASE_URL must be an http(s) URL, not ftp:.',
    ]);
  });
});
