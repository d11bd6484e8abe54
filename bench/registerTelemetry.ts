/**
 * An OpenTelemetry SDK as a host registers one, with in-memory exporters: a tracer provider
 * (BatchSpanProcessor → InMemorySpanExporter, the AsyncLocalStorage context manager and the W3C
 * propagator of `NodeTracerProvider.register()`) and a meter provider (PeriodicExportingMetricReader
 * → InMemoryMetricExporter), both global. Whatever the proxy records through `@opentelemetry/api`
 * becomes live once this ran; without its instrumentation nothing is recorded. The bench registers
 * it in a process of its own (the telemetry-off side runs in another); `shutdown()` undoes it.
 * Traces are sampled as `traceRatio` says; metrics are always complete (sampling is for traces
 * only, as in the SDK).
 */
import { context, metrics, propagation, SpanKind, trace } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  AlwaysOnSampler,
  BatchSpanProcessor,
  InMemorySpanExporter,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/** How often the exporters' contents are counted and dropped, as a real exporter ships them. */
const DRAIN_MS = 1_000;

/**
 * The share of new traces a busy production host commonly keeps (`ParentBasedSampler` over
 * `TraceIdRatioBasedSampler(0.1)`): at thousands of requests per second every trace is more than
 * a tracing backend is paid to store, while the metrics stay complete.
 */
export const HOST_TRACE_RATIO = 0.1;

/**
 * The SDK of each telemetry side of the bench's processes (`BENCH_TELEMETRY`): `on` records
 * every trace, `sampled` new traces at `HOST_TRACE_RATIO`; metrics complete either way.
 */
export const TELEMETRY_SIDES = {
  on: {},
  sampled: { traceRatio: HOST_TRACE_RATIO },
} as const satisfies Record<string, TelemetryOptions>;

/**
 * The SDK options `BENCH_TELEMETRY` names (`on`, `sampled`), or `null` without one (unset or
 * empty); throws on any other value.
 */
export function telemetrySideOf(value: string | undefined): TelemetryOptions | null {
  if (!value) return null;
  if (!Object.hasOwn(TELEMETRY_SIDES, value)) {
    throw new Error(`BENCH_TELEMETRY must be on or sampled, got ${value}`);
  }
  return TELEMETRY_SIDES[value as keyof typeof TELEMETRY_SIDES];
}

export interface TelemetryOptions {
  /**
   * Share of new traces (requests without a sampled `traceparent`) recorded and exported, 0 to 1;
   * a continued trace follows its parent's decision. Default 1: every trace (always on).
   */
  traceRatio?: number;
}

/** What the SDK exported since it was registered. */
export interface TelemetryCounts {
  /** The tracer provider's sampler, as the SDK describes it (`ParentBased{root=…}`). */
  sampler: string;
  spans: number;
  /** Of `spans`, the SERVER spans: one per request whose trace was sampled. */
  serverSpans: number;
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

export function registerTelemetry(options: TelemetryOptions = {}): RegisteredTelemetry {
  const { traceRatio = 1 } = options;
  if (!(traceRatio >= 0 && traceRatio <= 1)) {
    throw new RangeError(
      `registerTelemetry: traceRatio must be between 0 and 1, got ${traceRatio}`,
    );
  }
  // Parent-based either way, as the SDK's default (and a host's usual setting) is: a request that
  // continues a trace follows its caller's decision, only new traces are drawn.
  const sampler = new ParentBasedSampler({
    root: traceRatio === 1 ? new AlwaysOnSampler() : new TraceIdRatioBasedSampler(traceRatio),
  });
  const spanExporter = new InMemorySpanExporter();
  const tracerProvider = new NodeTracerProvider({
    sampler,
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

  const counts: TelemetryCounts = {
    sampler: sampler.toString(),
    spans: 0,
    serverSpans: 0,
    metricPoints: 0,
    instruments: [],
  };
  const instruments = new Set<string>();
  // Kept in memory for ever, the exported spans would grow the heap and slow the process down
  // more than the instrumentation itself: counted and dropped every second instead.
  const drain = () => {
    const spans = spanExporter.getFinishedSpans();
    counts.spans += spans.length;
    counts.serverSpans += spans.filter((span) => span.kind === SpanKind.SERVER).length;
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
