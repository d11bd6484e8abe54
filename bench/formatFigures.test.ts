import { describe, expect, it } from 'vitest';
import { formatJson, formatTable, formatValue } from './formatFigures';
import { notMeasured, type Figure } from './types';

const figures: Figure[] = [
  {
    key: 'core_min_gz_bytes',
    section: 'bundle',
    label: 'core, min+gz',
    value: 2100,
    unit: 'bytes',
    reference: 'budget 2,000 B',
    goal: '≤ 2,000 B',
    over: true,
    node: 'v20.20.2',
  },
  {
    key: 'core_min_bytes',
    section: 'bundle',
    label: 'core, min',
    value: 4000,
    unit: 'bytes',
    jsonOnly: true,
  },
  {
    key: 'proxy_login_cached_ratio',
    section: 'proxy',
    label: 'POST /login | cached',
    value: 0.912345,
    unit: 'ratio',
    goal: '≥ 0.8×',
    over: false,
    node: 'v24.22.3',
  },
  {
    key: 'soak_p99_ms',
    section: 'soak',
    label: 'p99',
    value: 12.3456,
    unit: 'ms',
    node: 'v24.22.3',
  },
];

describe('formatTable', () => {
  const table = formatTable(figures);
  const rows = table.split('\n');

  it('prints one Markdown row per figure, under a header and its rule', () => {
    expect(rows).toHaveLength(2 + 3);
    expect(rows[0]).toMatch(
      /^\| part +\| figure +\| value +\| measured against +\| goal +\| +\| node +\|$/,
    );
    expect(rows[1]).toMatch(/^\| -+ \| -+ \|/);
  });

  it('marks a figure over its goal and says ok for one within it', () => {
    expect(rows[2]).toMatch(
      /\| core, min\+gz +\| 2,100 B +\| budget 2,000 B +\| ≤ 2,000 B +\| \*\*OVER\*\* \| v20\.20\.2 \|$/,
    );
    expect(rows[3]).toMatch(/\| 0\.91× +\| +\| ≥ 0\.8× +\| ok +\| v24\.22\.3 \|$/);
  });

  it('names the Node that measured each figure', () => {
    expect(rows[4]).toMatch(/\| p99 +\| 12\.3 ms +\| +\| +\| +\| v24\.22\.3 \|$/);
  });

  it('leaves JSON-only figures out and escapes pipes in cells', () => {
    expect(table).not.toContain('core, min |');
    expect(rows[3]).toContain('POST /login \\| cached');
  });
});

describe('formatJson', () => {
  it('prints every figure by key, rounded to 3 decimals, and lists those over their goal', () => {
    expect(JSON.parse(formatJson(figures))).toEqual({
      core_min_gz_bytes: 2100,
      core_min_bytes: 4000,
      proxy_login_cached_ratio: 0.912,
      soak_p99_ms: 12.346,
      over_goal: ['core_min_gz_bytes'],
      not_measured: {},
      node_versions: {
        core_min_gz_bytes: 'v20.20.2',
        proxy_login_cached_ratio: 'v24.22.3',
        soak_p99_ms: 'v24.22.3',
      },
    });
  });

  it('is one line', () => {
    expect(formatJson(figures)).not.toContain('\n');
  });
});

describe('formatValue', () => {
  it('prints memory in MiB and latencies with fewer decimals as they grow', () => {
    expect(formatValue({ value: 870_416_384, unit: 'bytes' })).toBe('830.1 MiB');
    expect(formatValue({ value: 1.234, unit: 'ms' })).toBe('1.23 ms');
    expect(formatValue({ value: 45.67, unit: 'ms' })).toBe('45.7 ms');
    expect(formatValue({ value: 456.7, unit: 'ms' })).toBe('457 ms');
    expect(formatValue({ value: 13.26, unit: 'us' })).toBe('13.3 µs');
    expect(formatValue({ value: 8308.4, unit: 'rps' })).toBe('8,308 req/s');
    expect(formatValue({ value: 41.26, unit: 'mib' })).toBe('41.3 MiB');
  });
});

describe('a figure that could not be measured', () => {
  const missing: Figure[] = notMeasured('no PostgreSQL: initdb not found', [
    {
      key: 'proxy_pg_login_cached_ratio',
      section: 'proxy, PostgreSQL',
      label: 'POST /login (cached): throughput, proxy ÷ bare',
      unit: 'ratio',
      goal: '≥ 0.8×',
    },
  ]).map((figure) => ({ ...figure, over: true, node: 'v20.20.2' }));

  it('keeps its row in the table, with the reason instead of a value, neither ok nor OVER', () => {
    const row = formatTable(missing).split('\n')[2];
    expect(row).toMatch(
      /\| – +\| not measured: no PostgreSQL: initdb not found +\| ≥ 0\.8× +\| +\| v20\.20\.2 \|$/,
    );
  });

  it('is null in the JSON, with its reason under not_measured, and never over its goal', () => {
    expect(JSON.parse(formatJson(missing))).toEqual({
      proxy_pg_login_cached_ratio: null,
      over_goal: [],
      not_measured: { proxy_pg_login_cached_ratio: 'no PostgreSQL: initdb not found' },
      node_versions: { proxy_pg_login_cached_ratio: 'v20.20.2' },
    });
  });
});
