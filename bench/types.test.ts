import { describe, expect, it } from 'vitest';
import { errorCountFigure, onPostgres } from './types';

describe('onPostgres', () => {
  it('puts _pg after the first word of each key and names PostgreSQL in the section', () => {
    const figures = onPostgres([
      {
        key: 'proxy_login_cached_ratio',
        section: 'proxy',
        label: 'POST /login (cached): throughput, proxy ÷ bare',
        value: 0.9,
        unit: 'ratio',
      },
      errorCountFigure('soak', 'errors', 2),
    ]);
    expect(figures.map(({ key, section }) => ({ key, section }))).toEqual([
      { key: 'proxy_pg_login_cached_ratio', section: 'proxy, PostgreSQL' },
      { key: 'soak_pg_errors_count', section: 'soak, PostgreSQL' },
    ]);
    expect(figures[1]).toMatchObject({ value: 2, goal: '= 0', over: true });
  });
});
