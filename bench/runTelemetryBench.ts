/**
 * The cost of telemetry: the same proxy in two processes, one with an OpenTelemetry SDK
 * registered (in-memory span and metric exporters, bench/registerTelemetry.ts) and one without,
 * loaded in alternating rounds; medians of each side's throughput and their ratio.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeSaleschatServer } from '../packages/fake-saleschat/src/index';
import { createEmbeddedStore } from '../packages/proxy/src/index';
import { loadLoopback, type LoadFigures, type LoadRequest } from './loadLoopback';
import { median } from './quantile';
import type { TelemetryCounts } from './registerTelemetry';
import { errorCountFigure, type Figure, type SectionResult } from './types';

const TOKEN = 'bench-telemetry-token';
const ORG_ID = 'org_bench_telemetry';
const AGENTS = 20;
const CONCURRENCY = 16;
/** Telemetry on may cost at most this share of the throughput. */
const SLOWER_GOAL = 0.05;
const PROCESS_SCRIPT = fileURLToPath(new URL('./benchProxyProcess.ts', import.meta.url));

type Side = 'off' | 'on';

interface Scenario {
  name: string;
  slug: string;
  /** Requests per round. */
  count: number;
  /** Request `i` of round `round` (-1: the warm-up) for one side. */
  request(side: Side, round: number, i: number): LoadRequest;
}

const post = (path: string, agent: string, body?: unknown): LoadRequest => ({
  method: 'POST',
  path: `/api/saleschat/${path}`,
  headers: {
    Cookie: `session=${agent}`,
    'X-Saleschat-Kit': '1',
    ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
  },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

const agent = (i: number) => `agent${i % AGENTS}`;

const SCENARIOS: Scenario[] = [
  {
    name: 'POST /login (cached)',
    slug: 'login_cached',
    count: 3000,
    request: (_side, _round, i) => post('login', agent(i)),
  },
  {
    name: 'POST /chat (repeat)',
    slug: 'chat_repeat',
    count: 3000,
    // Each agent's own lead, already assigned to it. Leads are per side: both sides create
    // contacts in the one fake, which refuses a crm_id twice.
    request: (side, _round, i) =>
      post('chat', agent(i), { crmCustomerId: `${side}-repeat-${i % AGENTS}` }),
  },
  {
    name: 'POST /chat (new lead)',
    slug: 'chat_new_lead',
    count: 200,
    // A child span per upstream call and per store write: the scenario with the most telemetry.
    request: (side, round, i) =>
      post('chat', agent(i), { crmCustomerId: `${side}-new-${round}-${i}` }),
  },
];

interface ProxyProcess {
  child: ChildProcess;
  port: number;
  /** SIGTERM, then what its SDK exported (null without one). */
  stop(): Promise<TelemetryCounts | null>;
}

async function startProxyProcess(env: Record<string, string>, side: Side): Promise<ProxyProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@saleschat-kit/source', PROCESS_SCRIPT],
    {
      env: { ...process.env, ...env, ...(side === 'on' ? { BENCH_TELEMETRY: '1' } : {}) },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let output = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('telemetry: a proxy did not start in 60 s')),
      60_000,
    );
    child.stdout?.on('data', () => {
      const line = /^\{"port":(\d+)\}$/m.exec(output);
      if (line) {
        clearTimeout(timer);
        resolve(Number(line[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`telemetry: the proxy with telemetry ${side} exited with ${code}`));
    });
  });
  return {
    child,
    port,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      const line = /^\{"telemetry":.*\}$/m.exec(output)?.[0];
      return line ? (JSON.parse(line) as { telemetry: TelemetryCounts | null }).telemetry : null;
    },
  };
}

/**
 * Proxy throughput with telemetry on against off: one proxy process per side (the SDK's global
 * registration cannot leak into the other), each with its own embedded store, against one fake
 * Saleschat with its limits raised. `rounds` rounds per scenario, alternating which side goes
 * first, medians.
 */
export async function runTelemetryBench(rounds: number): Promise<SectionResult> {
  const fake = await startFakeSaleschatServer({
    token: TOKEN,
    orgId: ORG_ID,
    limits: { perEndpointPerSecond: 1_000_000, assignIntervalMs: 0 },
  });
  const dirs = { off: '', on: '' };
  const proxies: Partial<Record<Side, ProxyProcess>> = {};
  try {
    const scUserIds = Array.from(
      { length: AGENTS },
      (_, i) =>
        fake.fake.seedUser({
          email: `telemetry${i}@bench.test`,
          firstName: 'Agent',
          lastName: `${i}`,
        }).userId,
    );
    for (const side of ['off', 'on'] as const) {
      dirs[side] = mkdtempSync(join(tmpdir(), `saleschat-bench-telemetry-${side}-`));
      // Linked before the process opens the folder: one opener at a time.
      const seed = createEmbeddedStore({ dataDir: dirs[side] });
      for (const [i, scUserId] of scUserIds.entries()) await seed.linkUser(agent(i), scUserId);
      await seed.close();
      proxies[side] = await startProxyProcess(
        { BENCH_DATA_DIR: dirs[side], SC_BASE_URL: fake.url, SC_TOKEN: TOKEN, SC_ORG_ID: ORG_ID },
        side,
      );
    }
    const portOf = (side: Side) => (proxies[side] as ProxyProcess).port;

    // Warm-up, not counted: links and the repeat leads' contacts made once, V8 warmed.
    for (const scenario of SCENARIOS) {
      for (const side of ['off', 'on'] as const) {
        const warm = await loadLoopback(
          portOf(side),
          Array.from({ length: Math.min(scenario.count, AGENTS * 10) }, (_, i) =>
            scenario.request(side, -1, i),
          ),
          CONCURRENCY,
        );
        if (warm.errors > 0) {
          throw new Error(`telemetry warm-up of ${scenario.name} (${side}): ${warm.errors} errors`);
        }
      }
    }

    const figures: Figure[] = [];
    let errors = 0;
    const perRound: string[] = [];
    for (const scenario of SCENARIOS) {
      const measured: Record<Side, LoadFigures[]> = { off: [], on: [] };
      for (let round = 0; round < rounds; round++) {
        for (const side of round % 2 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
          const requests = Array.from({ length: scenario.count }, (_, i) =>
            scenario.request(side, round, i),
          );
          const result = await loadLoopback(portOf(side), requests, CONCURRENCY);
          errors += result.errors;
          measured[side].push(result);
        }
      }
      const rps = (side: Side) => median(measured[side].map((each) => each.rps));
      const p50 = (side: Side) => median(measured[side].map((each) => each.p50Ms));
      const ratio = rps('on') / rps('off');
      perRound.push(
        `${scenario.name} ${measured.on.map((on, i) => (on.rps / (measured.off[i] as LoadFigures).rps).toFixed(2)).join(' ')}`,
      );
      figures.push(
        {
          key: `telemetry_${scenario.slug}_ratio`,
          section: 'telemetry',
          label: `${scenario.name}: throughput, telemetry on ÷ off`,
          value: ratio,
          unit: 'ratio',
          reference: `${Math.round(rps('on'))} vs off ${Math.round(rps('off'))} req/s; p50 ${p50('on').toFixed(2)} vs ${p50('off').toFixed(2)} ms`,
          goal: `≥ ${(1 - SLOWER_GOAL).toFixed(2)}× (≤ ${SLOWER_GOAL * 100} % slower)`,
          over: ratio < 1 - SLOWER_GOAL,
        },
        ...(['on', 'off'] as const).flatMap((side): Figure[] => [
          {
            key: `telemetry_${scenario.slug}_${side}_rps`,
            section: 'telemetry',
            label: `${scenario.name}: telemetry ${side}`,
            value: rps(side),
            unit: 'rps',
            jsonOnly: true,
          },
          {
            key: `telemetry_${scenario.slug}_${side}_p50_ms`,
            section: 'telemetry',
            label: `${scenario.name}: telemetry ${side}, p50`,
            value: p50(side),
            unit: 'ms',
            jsonOnly: true,
          },
        ]),
      );
    }
    const exported = await (proxies.on as ProxyProcess).stop();
    await (proxies.off as ProxyProcess).stop();
    figures.push(
      {
        key: 'telemetry_spans_count',
        section: 'telemetry',
        label: 'spans exported by the telemetry-on proxy',
        value: exported?.spans ?? 0,
        unit: 'count',
        reference: `${exported?.metricPoints ?? 0} metric data points from ${exported?.instruments.length ?? 0} instruments`,
      },
      {
        key: 'telemetry_metric_points_count',
        section: 'telemetry',
        label: 'metric data points exported by the telemetry-on proxy',
        value: exported?.metricPoints ?? 0,
        unit: 'count',
        jsonOnly: true,
      },
      errorCountFigure('telemetry', 'non-200 answers, every scenario, both sides', errors),
    );
    return {
      figures,
      notes: [
        `telemetry: two proxy processes (bench/benchProxyProcess.ts, embedded store each, Saleschat's limits raised on the fake and the proxies), one with an OpenTelemetry SDK registered (NodeTracerProvider + BatchSpanProcessor → InMemorySpanExporter, MeterProvider + PeriodicExportingMetricReader → InMemoryMetricExporter, drained every second); ${rounds} round(s) per scenario alternating which side goes first, concurrency ${CONCURRENCY}, medians. Spans and metrics are only what the proxy records through @opentelemetry/api: 0 spans means its instrumentation is not there (the ratio then measures the SDK's registration alone). On ÷ off per round: ${perRound.join('; ')}.`,
        ...(exported && exported.instruments.length > 0
          ? [`telemetry: instruments exported: ${exported.instruments.join(', ')}.`]
          : []),
      ],
    };
  } finally {
    await Promise.all(Object.values(proxies).map((proxy) => proxy.stop()));
    await fake.close();
    for (const dir of Object.values(dirs)) if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
