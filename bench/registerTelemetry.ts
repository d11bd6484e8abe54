/**
 * An OpenTelemetry SDK as a host registers one, with in-memory exporters: a tracer provider
 * (BatchSpanProcessor → InMemorySpanExporter, the AsyncLocalStorage context manager and the W3C
 * propagator of `NodeTracerProvider.register()`) and a meter provider (PeriodicExportingMetricReader
 * → InMemoryMetricExporter), both global. Whatever the proxy records through `@opentelemetry/api`
 * becomes live once this ran; without its instrumentation nothing is recorded. The bench registers
 * it in a process of its own (the telemetry-off side runs in another); `shutdown()` undoes it.
 */
import { context, metrics, propagation, trace } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/** How often the exporters' contents are counted and dropped, as a real exporter ships them. */
const DRAIN_MS = 1_000;

/** What the SDK exported since it was registered. */
export interface TelemetryCounts {
  spans: number;
  /** Metric data points, over every export. */
  metricPoints: number;
  /** The instruments seen (`@saleschat-kit/proxy http.server.request.duration`), sorted. */
  instruments: string[];
}

export interface RegisteredTelemetry {
  /**
   * Flushes both providers, stops them, unregisters them (the API is a no-op again), and says
   * what they exported.
   */
  shutdown(): Promise<TelemetryCounts>;
}

export function registerTelemetry(): RegisteredTelemetry {
  const spanExporter = new InMemorySpanExporter();
  const tracerProvider = new NodeTracerProvider({
    spanProcessors: [new BatchSpanProcessor(spanExporter)],
  });
  tracerProvider.register();
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const meterProvider = new MeterProvider({
    readers: [
      new PeriodicExportingMetricReader({
        exporter: metricExporter,
        exportIntervalMillis: DRAIN_MS,
      }),
    ],
  });
  metrics.setGlobalMeterProvider(meterProvider);

  const counts: TelemetryCounts = { spans: 0, metricPoints: 0, instruments: [] };
  const instruments = new Set<string>();
  // Kept in memory for ever, the exported spans would grow the heap and slow the process down
  // more than the instrumentation itself: counted and dropped every second instead.
  const drain = () => {
    counts.spans += spanExporter.getFinishedSpans().length;
    spanExporter.reset();
    for (const { scopeMetrics } of metricExporter.getMetrics()) {
      for (const { scope, metrics: exported } of scopeMetrics) {
        for (const metric of exported) {
          instruments.add(`${scope.name} ${metric.descriptor.name}`);
          counts.metricPoints += metric.dataPoints.length;
        }
      }
    }
    metricExporter.reset();
  };
  const timer = setInterval(drain, DRAIN_MS);
  timer.unref();
  return {
    async shutdown() {
      clearInterval(timer);
      await tracerProvider.forceFlush();
      await meterProvider.forceFlush();
      drain();
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
      trace.disable();
      metrics.disable();
      context.disable();
      propagation.disable();
      return { ...counts, instruments: [...instruments].sort() };
    },
  };
}
