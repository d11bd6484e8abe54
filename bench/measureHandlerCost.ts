/**
 * What telemetry costs the proxy's own handler per request, without HTTP: over loopback on a
 * 2-CPU machine the load generator shares the CPUs with the server, so every microsecond of server
 * work shows up in the throughput ratio about twice; called in a loop, the handler's time is the
 * cost a host pays per request. One child process per side (the SDK's registration is global),
 * sides alternating over passes; each child runs the proxy's handler (`answerOf`) against an
 * in-process fake Saleschat and an embedded store in a temporary folder, one linked agent.
 * Run as a file, it is that child: BENCH_TELEMETRY as for bench/benchProxyProcess.ts; it prints
 * `{"handlerUs":{…}}`, each scenario's median µs per request.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './quantile';
import { registerTelemetry, telemetrySideOf } from './registerTelemetry';
import type { Figure } from './types';

const TOKEN = 'bench-handler-token';
const ORG_ID = 'org_bench_handler';
/** Sequential requests per batch, and batches per scenario (their median is the child's figure). */
const BATCH = 10_000;
const BATCHES = 5;
/** Passes over the three sides, each side a fresh process per pass. */
const PASSES = 2;

const SIDES = ['off', 'on', 'sampled'] as const;
type Side = (typeof SIDES)[number];

/** The scenarios, as the HTTP rounds name them (`telemetry_<slug>_…`). */
const SCENARIOS = [
  { slug: 'login_cached', name: 'POST /login (cached)', path: 'login', body: undefined },
  {
    slug: 'chat_repeat',
    name: 'POST /chat (repeat)',
    path: 'chat',
    body: { crmCustomerId: 'handler-repeat' },
  },
] as const;
type Slug = (typeof SCENARIOS)[number]['slug'];

/** One process's measure: each scenario's median µs per request. */
async function measureInThisProcess(): Promise<Record<Slug, number>> {
  // Before the proxy is imported, as a host registers its SDK before loading its app.
  const options = telemetrySideOf(process.env.BENCH_TELEMETRY);
  const telemetry = options ? registerTelemetry(options) : null;
  const { startFakeSaleschatServer } = await import('../packages/fake-saleschat/src/index');
  const { createSaleschatProxy } = await import('../packages/proxy/src/index');
  const { answerOf } = await import('../packages/proxy/src/createSaleschatProxy');
  const { BENCH_HOST } = await import('./benchLeads');
  const fake = await startFakeSaleschatServer({
    token: TOKEN,
    orgId: ORG_ID,
    limits: { perEndpointPerSecond: 1_000_000, assignIntervalMs: 0 },
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'saleschat-bench-handler-'));
  const proxy = createSaleschatProxy({
    saleschat: { baseUrl: fake.url, token: TOKEN, orgId: ORG_ID },
    store: { dataDir },
    ...BENCH_HOST,
  });
  try {
    await proxy.ready();
    const { userId } = fake.fake.seedUser({
      email: 'handler@bench.test',
      firstName: 'Agent',
      lastName: 'Handler',
    });
    await proxy.store.linkUser('agent0', userId);
    const answer = answerOf(proxy);
    if (!answer) throw new Error('answerOf: the proxy has no handler');
    const result = {} as Record<Slug, number>;
    for (const scenario of SCENARIOS) {
      // One Request per scenario, reused: the handler only reads it, and building one per call
      // would measure undici rather than the proxy (the Node adapters build none either).
      const request = new Request(`http://127.0.0.1:1/api/saleschat/${scenario.path}`, {
        method: 'POST',
        headers: {
          Cookie: 'session=agent0',
          'X-Saleschat-Kit': '1',
          Host: '127.0.0.1:1',
          ...(scenario.body ? { 'Content-Type': 'application/json' } : {}),
        },
      });
      const bytes = scenario.body
        ? new TextEncoder().encode(JSON.stringify(scenario.body))
        : undefined;
      const readBody = bytes ? () => bytes : undefined;
      const call = async () => {
        const answered = await answer(request, readBody);
        if (answered.status !== 200) {
          throw new Error(`${scenario.name}: ${answered.status} ${answered.body ?? ''}`);
        }
      };
      // Warm-up, not counted: the link cached, the repeat lead's contact made, V8 warmed.
      for (let i = 0; i < BATCH / 5; i++) await call();
      const perRequest: number[] = [];
      for (let batch = 0; batch < BATCHES; batch++) {
        const start = performance.now();
        for (let i = 0; i < BATCH; i++) await call();
        perRequest.push(((performance.now() - start) * 1000) / BATCH);
      }
      result[scenario.slug] = median(perRequest);
    }
    return result;
  } finally {
    await proxy.close();
    await telemetry?.shutdown();
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Runs one side's child (on this same Node, as runTelemetryBench starts its proxies). */
async function measureSide(side: Side): Promise<Record<Slug, number>> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@saleschat-kit/source', fileURLToPath(import.meta.url)],
    {
      env: { ...process.env, BENCH_TELEMETRY: side === 'off' ? '' : side },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => (output += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  }).finally(() => clearTimeout(timer));
  const line = /^\{"handlerUs":.*\}$/m.exec(output)?.[0];
  if (code !== 0 || !line) {
    throw new Error(`telemetry: the handler measure with telemetry ${side} exited with ${code}`);
  }
  return (JSON.parse(line) as { handlerUs: Record<Slug, number> }).handlerUs;
}

/**
 * The handler figures of the telemetry part: per scenario, µs per request off, on and sampled
 * (medians over the passes), and a note with every pass.
 */
export async function measureHandlerCost(): Promise<{ figures: Figure[]; note: string }> {
  const started = performance.now();
  const measured: Record<Side, Record<Slug, number>[]> = { off: [], on: [], sampled: [] };
  for (let pass = 0; pass < PASSES; pass++) {
    for (const side of SIDES) measured[side].push(await measureSide(side));
  }
  const us = (side: Side, slug: Slug) => median(measured[side].map((each) => each[slug]));
  const figures = SCENARIOS.flatMap(({ slug, name }): Figure[] => {
    const added = (side: 'on' | 'sampled') => us(side, slug) - us('off', slug);
    return [
      {
        key: `telemetry_handler_${slug}_off_us`,
        section: 'telemetry',
        label: `${name}: handler µs per request, off / on / sampled`,
        value: us('off', slug),
        unit: 'us',
        reference: `off; on ${us('on', slug).toFixed(1)} µs (+${added('on').toFixed(1)}), sampled ${us('sampled', slug).toFixed(1)} µs (+${added('sampled').toFixed(1)}); in-process, no HTTP`,
      },
      ...(['on', 'sampled'] as const).map((side): Figure => ({
        key: `telemetry_handler_${slug}_${side}_us`,
        section: 'telemetry',
        label: `${name}: handler µs per request, telemetry ${side}`,
        value: us(side, slug),
        unit: 'us',
        jsonOnly: true,
      })),
      ...(['on', 'sampled'] as const).map((side): Figure => ({
        key: `telemetry_handler_${slug}_${side}_added_us`,
        section: 'telemetry',
        label: `${name}: handler µs per request, telemetry ${side} − off`,
        value: added(side),
        unit: 'us',
        jsonOnly: true,
      })),
    ];
  });
  const perPass = SCENARIOS.map(
    ({ slug, name }) =>
      `${name}: ${SIDES.map((side) => `${side} ${measured[side].map((each) => each[slug].toFixed(1)).join(' ')}`).join(', ')}`,
  );
  return {
    figures,
    note: `telemetry, handler: the proxy's own handler (answerOf, no HTTP) called in a sequential loop, one child process per side (bench/measureHandlerCost.ts), ${PASSES} passes alternating off, on, sampled; each child: one linked agent, a warm-up, then ${BATCHES} batches of ${BATCH.toLocaleString('en-US')} requests per scenario, median µs per request; medians over the passes; ${Math.round((performance.now() - started) / 1000)} s in all. Per pass (µs): ${perPass.join('; ')}.`,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const handlerUs = await measureInThisProcess();
  process.stdout.write(`${JSON.stringify({ handlerUs })}\n`);
  // As the bench does: stop whatever a library may still hold open.
  process.exit(0);
}
