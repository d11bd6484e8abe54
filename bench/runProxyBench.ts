import { spawn } from 'node:child_process';
import { freshDatabase, type PostgresSource } from './benchPostgres';
import { parseProxyBenchTable, type ProxyBenchRow } from './parseProxyBenchTable';
import {
  errorCountFigure,
  notMeasured,
  onPostgres,
  type Figure,
  type SectionResult,
} from './types';

const RATIO_GOAL = 0.8;

/** `POST /chat (new lead)` → `chat_new_lead`. */
const slug = (scenario: string) =>
  scenario
    .replace(/^[A-Z]+ \//, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

/** The scenarios run on PostgreSQL (the ones issue 13 sets a goal for there), as BENCH_ONLY. */
const ON_POSTGRES = ['login', 'repeat'];

/**
 * Proxy throughput and latency against a bare handler making the same Saleschat calls, on the
 * embedded store and then on PostgreSQL (a fresh database on the server of `postgres`): runs
 * packages/proxy/bench/proxy.bench.ts (`npm run bench:proxy`) as it is, in a child process, and
 * reads its table. On PostgreSQL only the cached login and the repeat chat, one child each: the
 * new-lead scenario, slowest there, is left to `npm run bench:proxy`. Its progress goes to stderr.
 */
export async function runProxyBench(
  rounds: number,
  postgres: PostgresSource,
): Promise<SectionResult> {
  const embedded = await proxyBenchOn(rounds, undefined);
  const figures = figuresOf(embedded.rows);
  const notes = [
    `proxy: packages/proxy/bench/proxy.bench.ts (npm run bench:proxy), ${rounds} round(s), medians; ${embedded.firstLine}. Rate limits raised on the fake and the proxy so the figures measure the handlers, not Saleschat's limits.`,
  ];
  if ('unavailable' in postgres) {
    const scenarios = embedded.rows.filter(({ scenario }) =>
      ON_POSTGRES.some((only) => scenario.includes(only)),
    );
    const withGoal = figuresOf(scenarios).filter((figure) => figure.goal !== undefined);
    return {
      figures: [...figures, ...onPostgres(notMeasured(postgres.unavailable, withGoal))],
      notes,
    };
  }
  const runs = [];
  for (const only of ON_POSTGRES) {
    const databaseUrl = await freshDatabase(postgres.serverUrl, 'bench_proxy');
    runs.push(await proxyBenchOn(rounds, databaseUrl, only));
  }
  return {
    figures: [...figures, ...onPostgres(figuresOf(runs.flatMap((run) => run.rows)))],
    notes: [
      ...notes,
      `proxy, PostgreSQL: the same, with BENCH_POSTGRES_URL (a fresh database each, on ${postgres.origin}) and BENCH_ONLY=${ON_POSTGRES.join(', then ')}; ${runs[0]?.firstLine}.`,
    ],
  };
}

/**
 * One run of proxy.bench.ts: on the embedded store, or on the database of `databaseUrl`; only
 * the scenarios whose name holds `only`, when given.
 */
async function proxyBenchOn(
  rounds: number,
  databaseUrl: string | undefined,
  only?: string,
): Promise<{ rows: ProxyBenchRow[]; firstLine: string }> {
  const { BENCH_POSTGRES_URL: _server, BENCH_ONLY: _only, ...inherited } = process.env;
  const child = spawn(
    process.execPath,
    [
      'node_modules/tsx/dist/cli.mjs',
      '--conditions=@saleschat-kit/source',
      'packages/proxy/bench/proxy.bench.ts',
    ],
    {
      env: {
        ...inherited,
        BENCH_ROUNDS: String(rounds),
        ...(databaseUrl ? { BENCH_POSTGRES_URL: databaseUrl } : {}),
        ...(only ? { BENCH_ONLY: only } : {}),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => (output += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) throw new Error(`proxy bench exited with ${code}:\n${output}`);
  return { rows: parseProxyBenchTable(output), firstLine: (output.split('\n')[0] ?? '').trim() };
}

/** The figures of proxy.bench.ts's rows: the ratio (with its goal), rates and latencies. */
function figuresOf(rows: readonly ProxyBenchRow[]): Figure[] {
  const rps = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  const figures: Figure[] = [];
  for (const row of rows) {
    const key = slug(row.scenario);
    const ratio = row.proxyRps / row.bareRps;
    const latency = (quantile: 'p50' | 'p99', proxy: number, bare: number): Figure[] => [
      {
        key: `proxy_${key}_${quantile}_ms`,
        section: 'proxy',
        label: `${row.scenario}: ${quantile}`,
        value: proxy,
        unit: 'ms',
        reference: `bare ${bare.toFixed(2)} ms`,
      },
      {
        key: `bare_${key}_${quantile}_ms`,
        section: 'proxy',
        label: `${row.scenario}: bare ${quantile}`,
        value: bare,
        unit: 'ms',
        jsonOnly: true,
      },
    ];
    figures.push(
      {
        key: `proxy_${key}_ratio`,
        section: 'proxy',
        label: `${row.scenario}: throughput, proxy ÷ bare`,
        value: ratio,
        unit: 'ratio',
        reference: `${rps.format(row.proxyRps)} vs bare ${rps.format(row.bareRps)} req/s`,
        goal: `≥ ${RATIO_GOAL.toFixed(1)}×`,
        over: ratio < RATIO_GOAL,
      },
      {
        key: `proxy_${key}_rps`,
        section: 'proxy',
        label: `${row.scenario}: proxy`,
        value: row.proxyRps,
        unit: 'rps',
        jsonOnly: true,
      },
      {
        key: `bare_${key}_rps`,
        section: 'proxy',
        label: `${row.scenario}: bare`,
        value: row.bareRps,
        unit: 'rps',
        jsonOnly: true,
      },
      ...latency('p50', row.proxyP50Ms, row.bareP50Ms),
      ...latency('p99', row.proxyP99Ms, row.bareP99Ms),
    );
  }
  const errors = rows.reduce((sum, row) => sum + row.errors, 0);
  figures.push(errorCountFigure('proxy', 'non-200 answers, every scenario, both handlers', errors));
  return figures;
}
