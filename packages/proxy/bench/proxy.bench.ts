/**
 * Proxy overhead benchmark: requests/s and p50/p99 of the proxy against a bare handler that
 * makes the same Saleschat calls with no store, no validation, no locks — side by side, several
 * rounds, medians, and the ratio (goal ≥ 0.8×).
 *
 *   pnpm bench:proxy              (root script; runs this file with tsx)
 *   BENCH_ROUNDS=7 BENCH_CONCURRENCY=32 BENCH_ONLY=login pnpm bench:proxy
 *   BENCH_POSTGRES_URL=postgres://user@127.0.0.1/empty_db pnpm bench:proxy   (PostgreSQL store)
 *   BENCH_ADAPTER=compare pnpm bench:proxy   (also the proxy behind @hono/node-server, against
 *                                             the kit's own Node adapter: why the kit keeps it)
 *
 * Everything runs on loopback: the fake Saleschat and both handlers in this process (each
 * handler behind its own node:http server), the load generator in a worker thread so its own
 * work does not slow the handlers down.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeSaleschatServer } from '@saleschat-kit/fake-saleschat';
import { getRequestListener } from '@hono/node-server';
import { loadLoopback, type LoadFigures, type LoadRequest } from '../../../bench/loadLoopback';
import { createSaleschatProxy, toNodeHandler, type Lead } from '../src/index';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const TOKEN = 'bench-token';
const ORG_ID = 'org_bench';
const AGENTS = 20;

interface Scenario {
  name: string;
  /** Requests per round. */
  count: number;
  /** Builds request `i` of a round: method, path, cookie user, body. */
  request: (
    handler: Handler,
    round: number,
    i: number,
  ) => { method: string; path: string; user: string; body?: string };
}

type Handler = 'proxy' | 'bare' | 'hono';

/** Sends a round of `scenario` to `port` through the shared loopback load generator. */
function load(
  handler: Handler,
  port: number,
  scenario: Scenario,
  round: number,
): Promise<LoadFigures> {
  const requests = Array.from({ length: scenario.count }, (_, i): LoadRequest => {
    const { method, path, user, body } = scenario.request(handler, round, i);
    return {
      method,
      path,
      body,
      headers: {
        Cookie: `session=${user}`,
        'X-Saleschat-Kit': '1',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
    };
  });
  return loadLoopback(port, requests, CONCURRENCY);
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

/**
 * The baseline: the same Saleschat calls the proxy makes for each route, with everything else
 * taken out — links and contact mappings in memory maps, no validation, no store, no locks,
 * no rate limiting, no logging.
 */
function createBareHandler(
  saleschatUrl: string,
  scUserOf: Map<string, string>,
  leadOf: (crmCustomerId: string) => Lead,
) {
  const links = new Map<string, { url: string; expiresAt: string }>();
  const contacts = new Map<string, { id: string; assignee: string }>();
  const headers = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' };
  const send = (res: ServerResponse, body: unknown) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  return async (req: IncomingMessage, res: ServerResponse) => {
    const user = /session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1] ?? '';
    const scUserId = scUserOf.get(user) ?? '';
    if (req.url?.endsWith('/login')) {
      let link = links.get(user);
      if (!link) {
        const answer = await fetch(`${saleschatUrl}/v1/org/${ORG_ID}/user/${scUserId}/magiclink`, {
          headers,
        });
        const body = (await answer.json()) as { magic_link: string; expires_at: string };
        link = { url: body.magic_link, expiresAt: body.expires_at };
        links.set(user, link);
      }
      send(res, link);
      return;
    }
    const { crmCustomerId } = JSON.parse(await readBody(req)) as { crmCustomerId: string };
    let contact = contacts.get(crmCustomerId);
    let created = false;
    if (!contact) {
      const lead = leadOf(crmCustomerId);
      const answer = await fetch(`${saleschatUrl}/v2/org/${ORG_ID}/contact`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          crm_id: crmCustomerId,
          opt_in_date: new Date().toISOString(),
          first_name: lead.firstName,
          last_name: lead.lastName,
          phone_number: lead.phone,
        }),
      });
      contact = { id: String(((await answer.json()) as { id: string }).id), assignee: '' };
      contacts.set(crmCustomerId, contact);
      created = true;
    }
    let assignment = 'unchanged';
    if (contact.assignee !== scUserId) {
      const answer = await fetch(
        `${saleschatUrl}/v3/orgs/${ORG_ID}/contacts/${contact.id}/assign`,
        {
          method: 'POST',
          headers,
          body: JSON.stringify({ user_id: scUserId }),
        },
      );
      await answer.arrayBuffer();
      assignment = contact.assignee ? 'reassigned' : 'assigned';
      contact.assignee = scUserId;
    }
    send(res, {
      contactId: contact.id,
      chatroomName: crmCustomerId,
      contact: created ? 'created' : 'existing',
      assignment,
    });
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

async function main() {
  // Saleschat allows 10 requests/s per endpoint and 1 assign per 10 s per contact. At those
  // rates both handlers would only measure the limits (5 new leads/s at best), not their own
  // cost, so the fake's limits — and the proxy's matching limiter — are raised for the bench.
  const fake = await startFakeSaleschatServer({
    token: TOKEN,
    orgId: ORG_ID,
    limits: { perEndpointPerSecond: 1_000_000, assignIntervalMs: 0 },
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'saleschat-bench-'));
  const scUserOf = new Map<string, string>();
  const leadOf = (crmCustomerId: string): Lead => ({
    firstName: 'Bench',
    lastName: crmCustomerId.slice(-6),
    phone: `+91${String(Math.abs(hash(crmCustomerId)) % 1e9).padStart(9, '0')}7`,
    optInDate: '2025-01-15T09:30:00.000Z',
  });
  const proxy = createSaleschatProxy({
    saleschat: { baseUrl: fake.url, token: TOKEN, orgId: ORG_ID },
    store: process.env.BENCH_POSTGRES_URL
      ? { connectionString: process.env.BENCH_POSTGRES_URL }
      : { dataDir },
    authenticate: (request) => {
      const session = /session=([^;]+)/.exec(request.headers.get('Cookie') ?? '')?.[1];
      return session ? { crmUserId: session } : null;
    },
    resolveLead: (crmCustomerId) => leadOf(crmCustomerId),
    logger: null,
    rateLimit: { requestsPerSecond: Infinity, assignIntervalMs: 0 },
  });
  await proxy.ready();
  for (let i = 0; i < AGENTS; i++) {
    const { userId } = fake.fake.seedUser({
      email: `agent${i}@bench.test`,
      firstName: 'Agent',
      lastName: String(i),
    });
    scUserOf.set(`agent${i}`, userId);
    await proxy.store.linkUser(`agent${i}`, userId);
  }
  const proxyServer = createServer(toNodeHandler(proxy));
  const bareServer = createServer((req, res) => {
    createBare(req, res).catch(() => {
      res.statusCode = 500;
      res.end();
    });
  });
  const createBare = createBareHandler(fake.url, scUserOf, leadOf);
  // BENCH_ADAPTER=compare: the same proxy also behind @hono/node-server's listener, measured
  // side by side with the kit's own Node adapter (toNodeHandler).
  const compareAdapters = process.env.BENCH_ADAPTER === 'compare';
  const honoServer = createServer(
    getRequestListener((request) => proxy.fetch(request), { overrideGlobalObjects: false }),
  );
  const ports = {
    proxy: await listen(proxyServer),
    bare: await listen(bareServer),
    hono: compareAdapters ? await listen(honoServer) : 0,
  };
  const handlers: Handler[] = compareAdapters ? ['proxy', 'bare', 'hono'] : ['proxy', 'bare'];

  const agent = (i: number) => `agent${i % AGENTS}`;
  // Each agent has a lead of its own, already assigned to it, for the repeat chats. Leads are
  // per handler: both create contacts in the one fake, which refuses a crm_id twice.
  const repeatLead = (handler: Handler, i: number) => `${handler}-lead-repeat-${i % AGENTS}`;
  const scenarios: Scenario[] = [
    {
      name: 'POST /login (cached)',
      count: 4000,
      request: (_handler, _round, i) => ({
        method: 'POST',
        path: '/api/saleschat/login',
        user: agent(i),
      }),
    },
    {
      name: 'POST /chat (repeat)',
      count: 4000,
      request: (handler, _round, i) => ({
        method: 'POST',
        path: '/api/saleschat/chat',
        user: agent(i),
        body: JSON.stringify({ crmCustomerId: repeatLead(handler, i) }),
      }),
    },
    {
      name: 'POST /chat (new lead)',
      count: 1000,
      request: (handler, round, i) => ({
        method: 'POST',
        path: '/api/saleschat/chat',
        user: agent(i),
        body: JSON.stringify({ crmCustomerId: `${handler}-lead-new-${round}-${i}` }),
      }),
    },
  ];

  // BENCH_ONLY=login (or "repeat", "new lead") runs only the scenarios whose name contains it.
  const only = process.env.BENCH_ONLY;
  const selected = only ? scenarios.filter((scenario) => scenario.name.includes(only)) : scenarios;

  // Warm-up, not counted: fills the link caches and the repeat leads' mappings of both
  // handlers, and lets V8 optimise the hot paths.
  for (const handler of handlers) {
    for (const scenario of selected) {
      const figures = await load(handler, ports[handler], scenario, -1);
      if (figures.errors > 0)
        throw new Error(`${handler} warm-up of ${scenario.name}: ${figures.errors} errors`);
    }
  }

  const results = new Map<string, Record<Handler, LoadFigures[]>>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const scenario of selected) {
      const entry = results.get(scenario.name) ?? { proxy: [], bare: [], hono: [] };
      results.set(scenario.name, entry);
      // Rotate which handler goes first, so none always meets a warmer machine.
      const order = handlers.map((_, i) => handlers[(i + round) % handlers.length] as Handler);
      for (const handler of order) {
        entry[handler].push(await load(handler, ports[handler], scenario, round));
      }
    }
  }

  const rows = [...results].map(([name, { proxy: p, bare: b }]) => {
    const figure = (list: LoadFigures[], key: keyof LoadFigures) =>
      median(list.map((each) => each[key]));
    return {
      scenario: name,
      'proxy req/s': Math.round(figure(p, 'rps')),
      'bare req/s': Math.round(figure(b, 'rps')),
      ratio: `${(figure(p, 'rps') / figure(b, 'rps')).toFixed(2)}×`,
      'proxy p50 ms': figure(p, 'p50Ms').toFixed(2),
      'bare p50 ms': figure(b, 'p50Ms').toFixed(2),
      'proxy p99 ms': figure(p, 'p99Ms').toFixed(2),
      'bare p99 ms': figure(b, 'p99Ms').toFixed(2),
      errors:
        p.reduce((sum, each) => sum + each.errors, 0) +
        b.reduce((sum, each) => sum + each.errors, 0),
    };
  });
  console.log(
    `Node ${process.version}, ${ROUNDS} rounds, concurrency ${CONCURRENCY}, ${process.env.BENCH_POSTGRES_URL ? 'PostgreSQL' : 'embedded'} store; medians over rounds`,
  );
  console.table(rows);
  if (compareAdapters) {
    console.log('Adapters: toNodeHandler (kit) against getRequestListener (@hono/node-server)');
    console.table(
      [...results].map(([name, { proxy: k, hono: h }]) => {
        const figure = (list: LoadFigures[], key: keyof LoadFigures) =>
          median(list.map((each) => each[key]));
        return {
          scenario: name,
          'kit req/s': Math.round(figure(k, 'rps')),
          'hono req/s': Math.round(figure(h, 'rps')),
          'hono/kit': `${(figure(h, 'rps') / figure(k, 'rps')).toFixed(2)}×`,
          'kit p50 ms': figure(k, 'p50Ms').toFixed(2),
          'hono p50 ms': figure(h, 'p50Ms').toFixed(2),
          'kit p99 ms': figure(k, 'p99Ms').toFixed(2),
          'hono p99 ms': figure(h, 'p99Ms').toFixed(2),
          'per-round hono/kit': k
            .map((each, i) => ((h[i]?.rps ?? 0) / each.rps).toFixed(2))
            .join(' '),
          errors: h.reduce((sum, each) => sum + each.errors, 0),
        };
      }),
    );
  }

  const servers = [proxyServer, bareServer, ...(compareAdapters ? [honoServer] : [])];
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  await proxy.close();
  await fake.close();
  rmSync(dataDir, { recursive: true, force: true });
}

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(31, h) + text.charCodeAt(i)) | 0;
  return h;
}

await main();
