import { Console } from 'node:console';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseProxyBenchTable } from './parseProxyBenchTable';

/** What Node's console.table prints for these rows, as proxy.bench.ts prints its result. */
function printed(rows: Record<string, unknown>[]): string {
  const stream = new PassThrough();
  let text =
    'Node v20.20.2, 5 rounds, concurrency 16, embedded PGlite store; medians over rounds\n';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  new Console({ stdout: stream, colorMode: false }).table(rows);
  return text;
}

const row = {
  scenario: 'POST /chat (new lead)',
  'proxy req/s': 399,
  'bare req/s': 713,
  ratio: '0.56×',
  'proxy p50 ms': '39.00',
  'bare p50 ms': '21.22',
  'proxy p99 ms': '59.80',
  'bare p99 ms': '58.89',
  errors: 0,
};

describe('parseProxyBenchTable', () => {
  it('reads every row of the table by column title', () => {
    expect(
      parseProxyBenchTable(printed([{ ...row, scenario: 'POST /login (cached)' }, row])),
    ).toEqual([
      expect.objectContaining({ scenario: 'POST /login (cached)' }),
      {
        scenario: 'POST /chat (new lead)',
        proxyRps: 399,
        bareRps: 713,
        proxyP50Ms: 39,
        bareP50Ms: 21.22,
        proxyP99Ms: 59.8,
        bareP99Ms: 58.89,
        errors: 0,
      },
    ]);
  });

  it('does not depend on the order of the columns', () => {
    const { errors: _errors, scenario, ...rest } = row;
    expect(parseProxyBenchTable(printed([{ errors: 3, ...rest, scenario }]))[0]).toMatchObject({
      scenario: 'POST /chat (new lead)',
      errors: 3,
      proxyRps: 399,
    });
  });

  it('says which column is missing or which cell is not a number', () => {
    const { 'bare p99 ms': _dropped, ...withoutBareP99 } = row;
    expect(() => parseProxyBenchTable(printed([withoutBareP99]))).toThrow(
      /no "bare p99 ms" column/,
    );
    expect(() => parseProxyBenchTable(printed([{ ...row, 'proxy req/s': 'fast' }]))).toThrow(
      /"fast" in "proxy req\/s" is not a number/,
    );
  });

  it('refuses output without a table', () => {
    expect(() => parseProxyBenchTable('Error: the fake did not start\n')).toThrow(/no table/);
  });
});
