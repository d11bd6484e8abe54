/**
 * The cost of telemetry: the same proxy in three processes, one without an OpenTelemetry SDK and
 * two with one registered (in-memory span and metric exporters, bench/registerTelemetry.ts), the
 * one recording every trace, the other a share of them as busy hosts sample; loaded in rounds
 * that rotate which side goes first, medians of each side's throughput and their ratios to off.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeSaleschatServer } from '../packages/fake-saleschat/src/index';
import { createEmbeddedStore } from '../packages/proxy/src/index';
import { measureHandlerCost } from './measureHandlerCost';
import { loadLoopback, type LoadFigures, type LoadRequest } from './loadLoopback';
import { median } from './quantile';
import { HOST_TRACE_RATIO, type TelemetryCounts } from './registerTelemetry';
import { errorCountFigure, type Figure, type SectionResult } from './types';

const TOKEN = 'bench-telemetry-token';
const ORG_ID = 'org_bench_telemetry';
const AGENTS = 20;
const CONCURRENCY = 16;
/** Telemetry on may cost at most this share of the throughput. */
const SLOWER_GOAL = 0.05;
const PROCESS_SCRIPT = fileURLToPath(new URL('./benchProxyProcess.ts', import.meta.url));

/** Without an SDK; every trace recorded; traces sampled at `HOST_TRACE_RATIO` (metrics all). */
const SIDES = ['off', 'on', 'sampled'] as const;
type Side = (typeof SIDES)[number];
const SAMPLED = `traces sampled ${HOST_TRACE_RATIO * 100} %`;

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
      env: {
        ...process.env,
        ...env, // BENCH_TELEMETRY of bench/benchProxyProcess.ts: the side's name, empty for no SDK.
        BENCH_TELEMETRY: side === 'off' ? '' : side,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let output = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`telemetry: the proxy with telemetry ${side} did not start in 60 s`));
    }, 60_000);
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

/** The goal column of every ratio row. */
const GOAL = `≥ ${(1 - SLOWER_GOAL).toFixed(2)}× (≤ ${SLOWER_GOAL * 100} % slower)`;

/** Round `round`'s order of the sides: rotated each round, so none always meets a warmer machine. */
const orderOf = (round: number): Side[] =>
  SIDES.map((_, k) => SIDES[(k + round) % SIDES.length] as Side);

/**
 * Proxy throughput with telemetry on (every trace, and traces sampled) against off: one proxy
 * process per side (the SDK's global registration cannot leak into another), each with its own
 * embedded store, against one fake Saleschat with its limits raised. `rounds` rounds per
 * scenario, rotating which side goes first, medians.
 */
export async function runTelemetryBench(rounds: number): Promise<SectionResult> {
  const fake = await startFakeSaleschatServer({
    token: TOKEN,
    orgId: ORG_ID,
    limits: { perEndpointPerSecond: 1_000_000, assignIntervalMs: 0 },
  });
  const dirs: Record<Side, string> = { off: '', on: '', sampled: '' };
  const proxies: Partial<Record<Side, ProxyProcess>> = {};
  /** Requests each side answered, warm-up included: what its SERVER spans are counted against. */
  const sent: Record<Side, number> = { off: 0, on: 0, sampled: 0 };
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
    for (const side of SIDES) {
      dirs[side] = mkdtempSync(join(tmpdir(), `saleschat-bench-telemetry-${side}-`));
      // Linked before the process opens the folder: one opener at a time.
      const seed = createEmbeddedStore({ dataDir: dirs[side] });
      for (const [i, scUserId] of scUserIds.entries()) await seed.linkUser(agent(i), scUserId);
      await seed.close();
    }
    // Started side by side (their start-up is not measured); every start settled before going on,
    // so that `finally` stops each one that did start when another did not.
    const started = await Promise.allSettled(
      SIDES.map(async (side) => {
        proxies[side] = await startProxyProcess(
          { BENCH_DATA_DIR: dirs[side], SC_BASE_URL: fake.url, SC_TOKEN: TOKEN, SC_ORG_ID: ORG_ID },
          side,
        );
      }),
    );
    for (const start of started) if (start.status === 'rejected') throw start.reason;
    const portOf = (side: Side) => (proxies[side] as ProxyProcess).port;
    const load = async (side: Side, requests: LoadRequest[]) => {
      sent[side] += requests.length;
      return loadLoopback(portOf(side), requests, CONCURRENCY);
    };

    // Warm-up, not counted: links and the repeat leads' contacts made once, V8 warmed.
    for (const scenario of SCENARIOS) {
      for (const side of SIDES) {
        const warm = await load(
          side,
          Array.from({ length: Math.min(scenario.count, AGENTS * 10) }, (_, i) =>
            scenario.request(side, -1, i),
          ),
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
      const measured: Record<Side, LoadFigures[]> = { off: [], on: [], sampled: [] };
      for (let round = 0; round < rounds; round++) {
        for (const side of orderOf(round)) {
          const result = await load(
            side,
            Array.from({ length: scenario.count }, (_, i) => scenario.request(side, round, i)),
          );
          errors += result.errors;
          measured[side].push(result);
        }
      }
      const rps = (side: Side) => median(measured[side].map((each) => each.rps));
      const p50 = (side: Side) => median(measured[side].map((each) => each.p50Ms));
      const perRoundOf = (side: Side) =>
        measured[side]
          .map((each, i) => (each.rps / (measured.off[i] as LoadFigures).rps).toFixed(2))
          .join(' ');
      perRound.push(`${scenario.name}: on ${perRoundOf('on')}, sampled ${perRoundOf('sampled')}`);
      const ratioFigure = (side: 'on' | 'sampled', label: string): Figure => {
        const ratio = rps(side) / rps('off');
        return {
          key: `telemetry_${scenario.slug}_${side === 'on' ? '' : 'sampled_'}ratio`,
          section: 'telemetry',
          label: `${scenario.name}: throughput, ${label} ÷ off`,
          value: ratio,
          unit: 'ratio',
          reference: `${Math.round(rps(side))} vs off ${Math.round(rps('off'))} req/s; p50 ${p50(side).toFixed(2)} vs ${p50('off').toFixed(2)} ms`,
          goal: GOAL,
          over: ratio < 1 - SLOWER_GOAL,
        };
      };
      figures.push(
        ratioFigure('on', 'telemetry on'),
        ratioFigure('sampled', `telemetry on, ${SAMPLED}`),
        ...SIDES.flatMap((side): Figure[] => [
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
    const exported: Record<Side, TelemetryCounts | null> = { off: null, on: null, sampled: null };
    for (const side of SIDES) exported[side] = await (proxies[side] as ProxyProcess).stop();
    const spanFigures = (side: 'on' | 'sampled', prefix: string, label: string): Figure[] => {
      const counts = exported[side];
      const serverSpans = counts?.serverSpans ?? 0;
      return [
        {
          key: `${prefix}_spans_count`,
          section: 'telemetry',
          label: `spans exported by the ${label} proxy`,
          value: counts?.spans ?? 0,
          unit: 'count',
          reference: `${serverSpans} server spans for ${sent[side]} requests (${((100 * serverSpans) / sent[side]).toFixed(1)} %); ${counts?.metricPoints ?? 0} metric data points from ${counts?.instruments.length ?? 0} instruments`,
        },
        {
          key: `${prefix}_server_spans_count`,
          section: 'telemetry',
          label: `server spans exported by the ${label} proxy`,
          value: serverSpans,
          unit: 'count',
          jsonOnly: true,
        },
        {
          key: `${prefix}_metric_points_count`,
          section: 'telemetry',
          label: `metric data points exported by the ${label} proxy`,
          value: counts?.metricPoints ?? 0,
          unit: 'count',
          jsonOnly: true,
        },
      ];
    };
    figures.push(
      ...spanFigures('on', 'telemetry', 'telemetry-on'),
      ...spanFigures('sampled', 'telemetry_sampled', `telemetry-on (${SAMPLED})`),
      errorCountFigure('telemetry', 'non-200 answers, every scenario, all three sides', errors),
    );
    // After the HTTP rounds, with their processes gone: the handler alone, no load generator.
    const handler = await measureHandlerCost();
    figures.push(...handler.figures);
    const instruments = exported.on?.instruments ?? [];
    return {
      figures,
      notes: [
        `telemetry: three proxy processes (bench/benchProxyProcess.ts, embedded store each, Saleschat's limits raised on the fake and the proxies): off, without an SDK; on, with an OpenTelemetry SDK registered (NodeTracerProvider + BatchSpanProcessor → InMemorySpanExporter, MeterProvider + PeriodicExportingMetricReader → InMemoryMetricExporter, drained every second), sampler ${exported.on?.sampler ?? '?'}; sampled, the same SDK with sampler ${exported.sampled?.sampler ?? '?'} (metrics identical). ${rounds} round(s) per scenario rotating which side goes first, concurrency ${CONCURRENCY}, medians. Spans and metrics are only what the proxy records through @opentelemetry/api: 0 spans means its instrumentation is not there (the ratios then measure the SDK's registration alone). ÷ off per round: ${perRound.join('; ')}.`,
        handler.note,
        ...(instruments.length > 0
          ? [`telemetry: instruments exported: ${instruments.join(', ')}.`]
          : []),
      ],
    };
  } finally {
    await Promise.all(Object.values(proxies).map((proxy) => proxy.stop()));
    await fake.close();
    for (const dir of Object.values(dirs)) if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
