import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createSaleschatProxy,
  jsonLineLogger,
  toNodeHandler,
  type SaleschatConfig,
} from '@saleschat-kit/proxy';
import type { StoreChoice } from '../resolveConfig';
import { createCallerCheck } from './createCallerCheck';
import { createLeadFetcher } from './createLeadFetcher';
import type { ServeConfig } from './resolveServeConfig';

/** A running `serve`. */
export interface RunningServe {
  /** `http://127.0.0.1:8787`. */
  url: string;
  /** Stops taking requests, lets those under way finish, then closes the store. */
  close(): Promise<void>;
}

export interface StartServeOptions {
  serve: ServeConfig;
  saleschat: SaleschatConfig;
  store: StoreChoice;
  /** Receives each log line as one JSON object. */
  writeLine: (line: string) => void;
}

/** How long /readyz waits for the store before it answers 503. */
const READY_TIMEOUT_MS = 2000;

function answerJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(JSON.stringify(body));
}

/**
 * The proxy as its own HTTP service: the proxy's routes under the base path, `/healthz` (the
 * process answers), `/readyz` (the store is open and migrated) and `/metrics` (unless turned
 * off; it registers the process's global meter provider, so one `serve` per process), JSON log
 * lines.
 */
export async function startServe(options: StartServeOptions): Promise<RunningServe> {
  const { serve } = options;
  const logger = jsonLineLogger(options.writeLine);
  // Before the proxy: it takes its meter when created. Loaded here, not at the top: the SDK
  // takes about 0.4 s to import, which no other command should pay.
  const metricsEndpoint =
    serve.metrics && (await import('./createMetricsEndpoint')).createMetricsEndpoint(serve.metrics);
  const proxy = createSaleschatProxy({
    saleschat: options.saleschat,
    store:
      options.store.kind === 'postgres'
        ? { connectionString: options.store.connectionString }
        : { dataDir: options.store.dataDir },
    basePath: serve.basePath,
    allowedOrigins: serve.allowedOrigins,
    logger,
    authenticate: createCallerCheck(serve.caller),
    resolveLead: createLeadFetcher({ leadUrl: serve.leadUrl, secret: serve.leadSecret }),
  });
  await proxy.ready();
  const handle = toNodeHandler(proxy);
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') return answerJson(res, 200, { status: 'ok' });
    if (path === '/metrics' && metricsEndpoint) return metricsEndpoint.handle(req, res);
    if (path === '/readyz') {
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(new Error(`the store did not answer within ${READY_TIMEOUT_MS} ms`)),
          READY_TIMEOUT_MS,
        ).unref(),
      );
      Promise.race([proxy.ready(), timeout]).then(
        () => answerJson(res, 200, { status: 'ready' }),
        (error: Error) => answerJson(res, 503, { status: 'not ready', reason: error.message }),
      );
      return;
    }
    void handle(req, res);
  };
  const server = createServer(onRequest);
  // A slow or stalled client cannot hold a connection open for ever.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(serve.port, serve.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${serve.host.includes(':') ? `[${serve.host}]` : serve.host}:${port}`;
  logger.info(`saleschat-kit serve listening on ${url}${serve.basePath}`, {
    url,
    basePath: serve.basePath,
    store: options.store.label,
    metrics: metricsEndpoint ? `${url}/metrics` : 'off',
  });

  let closing: Promise<void> | undefined;
  return {
    url,
    close() {
      closing ??= (async () => {
        logger.info(
          'Shutting down: no new requests; those under way finish, then the store closes',
        );
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await stopped;
        await proxy.close();
        await metricsEndpoint?.shutdown();
        logger.info('Stopped');
      })();
      return closing;
    },
  };
}
