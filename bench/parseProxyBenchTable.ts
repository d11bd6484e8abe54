/** One scenario of packages/proxy/bench/proxy.bench.ts: the proxy against the bare handler. */
export interface ProxyBenchRow {
  /** As the bench names it: `POST /login (cached)`. */
  scenario: string;
  proxyRps: number;
  bareRps: number;
  proxyP50Ms: number;
  bareP50Ms: number;
  proxyP99Ms: number;
  bareP99Ms: number;
  errors: number;
}

const COLUMNS = {
  scenario: 'scenario',
  proxyRps: 'proxy req/s',
  bareRps: 'bare req/s',
  proxyP50Ms: 'proxy p50 ms',
  bareP50Ms: 'bare p50 ms',
  proxyP99Ms: 'proxy p99 ms',
  bareP99Ms: 'bare p99 ms',
  errors: 'errors',
} as const;

const cellsOf = (line: string) =>
  line
    .split('│')
    .slice(1, -1)
    .map((cell) => cell.trim().replace(/^'(.*)'$/, '$1'));

/**
 * Reads the `console.table` that proxy.bench.ts prints (it has no machine-readable output),
 * by column title, so a reordered or added column does not shift the figures.
 * @throws Error naming what is missing when the output has no such table.
 */
export function parseProxyBenchTable(output: string): ProxyBenchRow[] {
  const lines = output.split('\n').filter((line) => line.startsWith('│'));
  const [header, ...body] = lines.map(cellsOf);
  if (!header) throw new Error('proxy bench: no table in its output');
  const at = Object.fromEntries(
    Object.entries(COLUMNS).map(([field, title]) => {
      const index = header.indexOf(title);
      if (index < 0) throw new Error(`proxy bench: its table has no "${title}" column`);
      return [field, index];
    }),
  ) as Record<keyof typeof COLUMNS, number>;
  const rows = body.map((cells) => {
    const number = (field: Exclude<keyof typeof COLUMNS, 'scenario'>) => {
      const value = Number(cells[at[field]]);
      if (!Number.isFinite(value)) {
        throw new Error(
          `proxy bench: "${cells[at[field]]}" in "${COLUMNS[field]}" is not a number`,
        );
      }
      return value;
    };
    return {
      scenario: cells[at.scenario] as string,
      proxyRps: number('proxyRps'),
      bareRps: number('bareRps'),
      proxyP50Ms: number('proxyP50Ms'),
      bareP50Ms: number('bareP50Ms'),
      proxyP99Ms: number('proxyP99Ms'),
      bareP99Ms: number('bareP99Ms'),
      errors: number('errors'),
    };
  });
  if (rows.length === 0) throw new Error('proxy bench: its table has no rows');
  return rows;
}
