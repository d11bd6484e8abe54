import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { metrics } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import manifest from '../../package.json' with { type: 'json' };

/** `GET /metrics` of `serve`. */
export interface MetricsEndpoint {
  /** Answers a request for /metrics: the Prometheus text format, or 401 / 405. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Stops the meter provider (after the last request is answered). */
  shutdown(): Promise<void>;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Registers the process's global OpenTelemetry meter provider, read by a Prometheus exporter
 * that `serve` answers from its own port (no second listener to open, secure or health-check).
 * It must run before the proxy is created: the metrics API has no provider that forwards to one
 * registered later, so instruments made earlier stay no-ops. Only `serve` calls it, so that a
 * host importing the kit never gets a global provider it did not ask for.
 */
export function createMetricsEndpoint(options: {
  /** The bearer token a scrape must send; `undefined`: none. */
  token: string | undefined;
}): MetricsEndpoint {
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({
      'service.name': 'saleschat-kit-serve',
      'service.version': manifest.version,
    }),
    readers: [exporter],
  });
  if (!metrics.setGlobalMeterProvider(provider)) {
    throw new Error('Another OpenTelemetry meter provider is already registered in this process.');
  }
  // Compared as digests, so neither the time taken nor a length difference says anything.
  const expected = options.token === undefined ? undefined : digest(`Bearer ${options.token}`);

  return {
    handle(req, res) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' }).end();
        return;
      }
      if (expected && !timingSafeEqual(digest(req.headers.authorization ?? ''), expected)) {
        res.writeHead(401, { 'WWW-Authenticate': 'Bearer realm="metrics"' }).end();
        return;
      }
      res.setHeader('Cache-Control', 'no-store');
      exporter.getMetricsRequestHandler(req, res);
    },
    async shutdown() {
      await provider.shutdown();
      metrics.disable();
    },
  };
}
