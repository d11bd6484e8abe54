/**
 * One proxy instance as its own process, as a host would run it: `toNodeHandler` on a loopback
 * port, the PostgreSQL store, the Saleschat base URL of the fake. Configured by environment
 * (SC_DATABASE_URL, SC_BASE_URL, SC_TOKEN, SC_ORG_ID, SC_ASSIGN_INTERVAL_MS); prints
 * `{"port":…}` once it listens and closes on SIGTERM.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSaleschatProxy, toNodeHandler } from '../../src/index';
import { AGENT_COOKIE, leadOf } from './scaleOutLeads';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const proxy = createSaleschatProxy({
  saleschat: { baseUrl: env('SC_BASE_URL'), token: env('SC_TOKEN'), orgId: env('SC_ORG_ID') },
  // More connections than clicks in flight: a click holding its lead's lock writes the new
  // mapping on a second pooled connection, and a pool held entirely by lock holders stalls.
  store: { connectionString: env('SC_DATABASE_URL'), maxConnections: 40 },
  authenticate: (request) => {
    const cookie = request.headers.get('Cookie') ?? '';
    const agent = new RegExp(`${AGENT_COOKIE}=([\\w-]+)`).exec(cookie)?.[1];
    return agent ? { crmUserId: agent } : null;
  },
  resolveLead: (crmCustomerId) => leadOf(crmCustomerId),
  logger: null,
  ...(process.env.SC_ASSIGN_INTERVAL_MS
    ? { rateLimit: { assignIntervalMs: Number(process.env.SC_ASSIGN_INTERVAL_MS) } }
    : {}),
});
await proxy.ready();
// Node loads its fetch implementation on the first call (150 ms on this loaded machine), which
// would fall between the first Saleschat request's rate-limit slot and its send, and make it
// arrive late, bunched with later ones. A service that has run a while has long paid it.
await (await fetch('data:,')).text();
const server = createServer(toNodeHandler(proxy));
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => void proxy.close().then(() => process.exit(0)));
});
