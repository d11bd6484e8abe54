/**
 * One proxy in its own process for the bench's process-per-side parts, as a host runs it:
 * `toNodeHandler` on a loopback port, Saleschat's limits raised (the bench measures the handler,
 * not the limits). Configured by environment: BENCH_DATA_DIR (the embedded store's folder, its
 * users already linked), SC_BASE_URL, SC_TOKEN, SC_ORG_ID, and BENCH_TELEMETRY to register an
 * OpenTelemetry SDK first: `on` records every trace, `sampled` a share of them as busy hosts do
 * (`TELEMETRY_SIDES`), metrics complete either way. Prints `{"port":…}` once it listens; on
 * SIGTERM it closes and prints `{"telemetry":…}` (what the SDK exported; `null` without one).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { registerTelemetry, telemetrySideOf } from './registerTelemetry';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

// Before the proxy is imported, as a host registers its SDK before loading its app.
const telemetryOptions = telemetrySideOf(process.env.BENCH_TELEMETRY);
const telemetry = telemetryOptions ? registerTelemetry(telemetryOptions) : null;
const { BENCH_HOST } = await import('./benchLeads');
const { createSaleschatProxy, toNodeHandler } = await import('../packages/proxy/src/index');

const proxy = createSaleschatProxy({
  saleschat: { baseUrl: env('SC_BASE_URL'), token: env('SC_TOKEN'), orgId: env('SC_ORG_ID') },
  store: { dataDir: env('BENCH_DATA_DIR') },
  ...BENCH_HOST,
});
await proxy.ready();
const server = createServer(toNodeHandler(proxy));
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(async () => {
    await proxy.close();
    const counts = telemetry ? await telemetry.shutdown() : null;
    process.stdout.write(`${JSON.stringify({ telemetry: counts })}\n`);
    process.exit(0);
  });
});
