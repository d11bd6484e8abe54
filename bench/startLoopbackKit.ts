import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startFakeSaleschatServer,
  type FakeSaleschatServer,
  type FakeSaleschatServerOptions,
} from '../packages/fake-saleschat/src/index';
import {
  createSaleschatProxy,
  toNodeHandler,
  type RateLimitOptions,
} from '../packages/proxy/src/index';
import { benchLeadOf } from './benchLeads';

/** The cookie that says which agent is calling (the bench's stand-in for a CRM session). */
export const AGENT_COOKIE = 'bench_agent';

export interface LoopbackKitOptions {
  /** CRM user ids, each linked to a Saleschat user of its own; required. */
  agents: readonly string[];
  /** The fake's rate limits; default Saleschat's (10/s per endpoint, 1 assign per 10 s per contact). */
  limits?: FakeSaleschatServerOptions['limits'];
  /** The proxy's limiter; default Saleschat's limits. */
  rateLimit?: RateLimitOptions;
  /** The proxy's assignment freshness window; default its own (15 minutes). */
  assignmentFreshMs?: number;
  /** Files served as is next to the proxy, by URL path (the bench page); default none. */
  files?: Readonly<Record<string, { path: string; type: string }>>;
}

export interface LoopbackKit {
  /** Origin of the server that holds the proxy (under /api/saleschat) and the files. */
  url: string;
  /** The fake Saleschat, for its request log. */
  saleschat: FakeSaleschatServer;
  close(): Promise<void>;
}

const TOKEN = 'bench-token';
const ORG_ID = 'org_bench';

/**
 * The fake Saleschat and the kit's proxy (embedded store in a temporary folder), each on its
 * own loopback port, as a host would mount the proxy: `http.createServer(toNodeHandler(proxy))`.
 */
export async function startLoopbackKit(options: LoopbackKitOptions): Promise<LoopbackKit> {
  const saleschat = await startFakeSaleschatServer({
    token: TOKEN,
    orgId: ORG_ID,
    ...(options.limits ? { limits: options.limits } : {}),
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'saleschat-kit-bench-'));
  const proxy = createSaleschatProxy({
    saleschat: { baseUrl: saleschat.url, token: TOKEN, orgId: ORG_ID },
    store: { dataDir },
    authenticate: (request) => {
      const cookie = request.headers.get('Cookie') ?? '';
      const agent = new RegExp(`${AGENT_COOKIE}=([^;]+)`).exec(cookie)?.[1];
      return agent && options.agents.includes(agent) ? { crmUserId: agent } : null;
    },
    resolveLead: benchLeadOf,
    logger: null,
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    ...(options.assignmentFreshMs === undefined
      ? {}
      : { assignmentFreshMs: options.assignmentFreshMs }),
  });
  await proxy.ready();
  for (const agent of options.agents) {
    const { userId } = saleschat.fake.seedUser({
      email: `${agent}@bench.test`,
      firstName: 'Agent',
      lastName: agent,
    });
    await proxy.store.linkUser(agent, userId);
  }

  const handleProxy = toNodeHandler(proxy);
  const files = options.files ?? {};
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const file = files[(req.url ?? '/').split('?')[0] as string];
    if (file) {
      res.writeHead(200, { 'Content-Type': file.type, 'Cache-Control': 'no-store' });
      res.end(readFileSync(file.path));
      return;
    }
    void handleProxy(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    saleschat,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await proxy.close();
      await saleschat.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
