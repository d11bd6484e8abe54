/**
 * One proxy as its own process, started the way the demo CRM starts its proxy: the proxy's
 * store (embedded or PostgreSQL), every agent linked once the store is ready, `toNodeHandler`
 * on a loopback port, and a graceful `close()` on SIGTERM. Configured by `FAULT_PROXY` (JSON,
 * see `FaultProxyConfig`); prints `{"port":…}` once it listens.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSaleschatProxy, toNodeHandler } from '../../src/index';
import { leadOf } from '../scaleOut/scaleOutLeads';
import { AGENT_COOKIE, type FaultProxyConfig } from './faultProcesses';

const config = JSON.parse(process.env.FAULT_PROXY ?? 'null') as FaultProxyConfig | null;
if (!config) throw new Error('FAULT_PROXY is required');

const proxy = createSaleschatProxy({
  saleschat: config.saleschat,
  store: config.store,
  authenticate: (request) => {
    const cookie = request.headers.get('Cookie') ?? '';
    const agent = new RegExp(`${AGENT_COOKIE}=([\\w-]+)`).exec(cookie)?.[1];
    return agent ? { crmUserId: agent } : null;
  },
  resolveLead: (crmCustomerId) => leadOf(crmCustomerId),
  logger: null,
  ...(config.rateLimit ? { rateLimit: config.rateLimit } : {}),
});
await proxy.ready();
for (const [crmUserId, scUserId] of Object.entries(config.agents)) {
  await proxy.store.linkUser(crmUserId, scUserId);
}

const server = createServer(toNodeHandler(proxy));
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  // close() waits for contact creates still in flight and records them.
  void proxy.close().then(() => process.exit(0));
});
