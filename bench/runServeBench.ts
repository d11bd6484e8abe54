import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeSaleschatServer } from '../packages/fake-saleschat/src/index';
import { createEmbeddedStore } from '../packages/proxy/src/index';
import { loadLoopback } from './loadLoopback';
import { errorCountFigure, type Figure, type SectionResult } from './types';

const TOKEN = 'bench-serve-token';
const ORG_ID = 'org_bench_serve';
const JWT_SECRET = 'bench-serve-jwt-secret-0123456789abcdef';
const LEAD_SECRET = 'bench-serve-lead-secret-0123456789';
const AGENTS = 8;
const CONCURRENCY = 16;
const RATIO_GOAL = 0.8;

type Spec = { path: string; token: string; body: string };

/** The requests of a load, as serve and the bare process both take them. */
const load = (port: number, specs: Spec[]) =>
  loadLoopback(
    port,
    specs.map(({ path, token, body }) => ({
      method: 'POST',
      path,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body,
    })),
    CONCURRENCY,
  );

// The baseline, in its own process like serve: for each route the same outside calls (chat asks
// the host for the lead), with no token check, no store, no validation, no log.
const BARE = `
const http = require('node:http');
const leadUrl = process.env.LEAD_URL;
const link = JSON.stringify({ url: 'http://127.0.0.1/magic', expiresAt: new Date(Date.now() + 6e5).toISOString() });
http.createServer(async (req, res) => {
  let body = '';
  for await (const chunk of req) body += chunk;
  let answer = link;
  if (req.url.endsWith('/chat')) {
    const { crmCustomerId } = JSON.parse(body);
    await (await fetch(leadUrl + '/' + encodeURIComponent(crmCustomerId))).json();
    answer = JSON.stringify({ contactId: 'c', chatroomName: crmCustomerId, contact: 'existing', assignment: 'unchanged' });
  }
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(answer);
}).listen(0, '127.0.0.1', function () { console.log('listening ' + this.address().port); });
`;

async function portOf(child: ChildProcess, pattern: RegExp): Promise<number> {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no port within 60 s: ${output.slice(-500)}`)),
      60_000,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output.slice(-500)}`)));
  });
}

/** An HS256 JWT, as a host in any language mints one. */
function hs256(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${unsigned}.${createHmac('sha256', JWT_SECRET).update(unsigned).digest('base64url')}`;
}

/** Resident and peak resident memory of a process, from /proc (Linux). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) =>
    Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * `saleschat-kit serve` in its own process (from source, through tsx) beside a fake Saleschat
 * and a lead host, against a bare handler in its own process making the same lead calls: req/s
 * of cached logins and repeat chats, the ratio, and serve's memory after the load.
 */
export async function runServeBench(rounds: number): Promise<SectionResult> {
  const fake = await startFakeSaleschatServer({
    token: TOKEN,
    orgId: ORG_ID,
    limits: { perEndpointPerSecond: 1_000_000, assignIntervalMs: 0 },
  });
  const leadBody = JSON.stringify({
    firstName: 'Bench',
    lastName: 'Lead',
    phone: '+919800000001',
    optInDate: '2026-01-01T00:00:00Z',
  });
  const leadHost: Server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(leadBody);
  });
  await new Promise<void>((resolve) => leadHost.listen(0, '127.0.0.1', resolve));
  const leadUrl = `http://127.0.0.1:${(leadHost.address() as AddressInfo).port}/leads`;
  const dataDir = mkdtempSync(join(tmpdir(), 'saleschat-bench-serve-'));
  const seed = createEmbeddedStore({ dataDir });
  const tokens: string[] = [];
  for (let i = 0; i < AGENTS; i++) {
    const { userId } = fake.fake.seedUser({
      email: `serve${i}@bench.test`,
      firstName: 'Agent',
      lastName: String(i),
    });
    await seed.linkUser(`agent${i}`, userId);
    tokens.push(
      hs256({ sub: `agent${i}`, aud: 'saleschat-kit', exp: Math.floor(Date.now() / 1000) + 3600 }),
    );
  }
  await seed.close();

  const serve = spawn(
    process.execPath,
    [
      'node_modules/tsx/dist/cli.mjs',
      '--conditions=@saleschat-kit/source',
      'packages/cli/src/bin.ts',
      'serve',
      '--port',
      '0',
    ],
    {
      env: {
        ...process.env,
        SALESCHAT_API_TOKEN: TOKEN,
        SALESCHAT_ORG_ID: ORG_ID,
        SALESCHAT_BASE_URL: fake.url,
        SALESCHAT_DATA_DIR: dataDir,
        SALESCHAT_KIT_JWT_SECRET: JWT_SECRET,
        SALESCHAT_KIT_LEAD_URL: leadUrl,
        SALESCHAT_KIT_LEAD_SECRET: LEAD_SECRET,
      },
      // Its JSON log lines (one per request) are read for the port, then left to drain.
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const bare = spawn(process.execPath, ['-e', BARE], {
    env: { ...process.env, LEAD_URL: leadUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const ports = {
      serve: await portOf(serve, /"url":"http:\/\/127\.0\.0\.1:(\d+)"/),
      bare: await portOf(bare, /listening (\d+)/),
    };
    serve.stdout?.resume();
    const idle = memoryOf(serve.pid as number);
    const scenarios = [
      {
        name: 'POST /login (cached)',
        slug: 'login_cached',
        count: 2000,
        spec: (i: number) => ({
          path: '/api/saleschat/login',
          token: tokens[i % AGENTS] as string,
          body: '',
        }),
      },
      {
        name: 'POST /chat (repeat)',
        slug: 'chat_repeat',
        count: 2000,
        spec: (i: number) => ({
          path: '/api/saleschat/chat',
          token: tokens[i % AGENTS] as string,
          body: JSON.stringify({ crmCustomerId: `serve-lead-${i % AGENTS}` }),
        }),
      },
    ];
    // Warm-up, not counted: links, contacts and assignments made once, V8 warmed.
    for (const scenario of scenarios) {
      for (const port of [ports.serve, ports.bare]) {
        const warm = await load(
          port,
          Array.from({ length: AGENTS * 4 }, (_, i) => scenario.spec(i)),
        );
        if (warm.errors > 0)
          throw new Error(`serve bench warm-up of ${scenario.name}: ${warm.errors} errors`);
      }
    }
    const figures: Figure[] = [];
    let errors = 0;
    for (const scenario of scenarios) {
      const requests = Array.from({ length: scenario.count }, (_, i) => scenario.spec(i));
      const serveRps: number[] = [];
      const bareRps: number[] = [];
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 ? (['bare', 'serve'] as const) : (['serve', 'bare'] as const);
        for (const which of order) {
          const result = await load(ports[which], requests);
          errors += result.errors;
          (which === 'serve' ? serveRps : bareRps).push(result.rps);
        }
      }
      const median = (values: number[]) =>
        [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
      const ratio = median(serveRps) / median(bareRps);
      figures.push({
        key: `serve_${scenario.slug}_ratio`,
        section: 'serve',
        label: `serve ${scenario.name}: throughput, serve ÷ bare`,
        value: ratio,
        unit: 'ratio',
        reference: `${Math.round(median(serveRps))} vs bare ${Math.round(median(bareRps))} req/s`,
        goal: `≥ ${RATIO_GOAL.toFixed(1)}×`,
        over: ratio < RATIO_GOAL,
      });
    }
    const after = memoryOf(serve.pid as number);
    figures.push(
      {
        key: 'serve_rss_idle_bytes',
        section: 'serve',
        label: 'serve: resident memory, started',
        value: idle.rss,
        unit: 'bytes',
      },
      {
        key: 'serve_rss_bytes',
        section: 'serve',
        label: 'serve: resident memory after the load',
        value: after.rss,
        unit: 'bytes',
        reference: `peak ${(after.peak / 2 ** 20).toFixed(1)} MiB`,
      },
      errorCountFigure('serve', 'serve bench: non-200 answers', errors),
    );
    return {
      figures,
      notes: [
        `serve: saleschat-kit serve from source (node + tsx, whose loader is in the RSS) with HS256 tokens and a loopback lead host, against a bare node:http process making the same lead call; ${rounds} round(s), concurrency ${CONCURRENCY}, medians; rate limits raised on the fake only (serve keeps Saleschat's, so no scenario here calls Saleschat after the warm-up).`,
      ],
    };
  } finally {
    await Promise.all([stop(serve), stop(bare)]);
    await new Promise((resolve) => leadHost.close(resolve));
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
