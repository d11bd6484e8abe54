import { context, metrics, ROOT_CONTEXT, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { HOST_TRACE_RATIO, registerTelemetry, telemetrySideOf } from './registerTelemetry';

const tracer = () => trace.getTracer('@saleschat-kit/proxy');

/** One request as the proxy traces it: a SERVER span with a child, ended. */
function traceRequest(parent = ROOT_CONTEXT): void {
  const server = tracer().startSpan('POST /chat', { kind: SpanKind.SERVER }, parent);
  tracer()
    .startSpan('store.getContact', { kind: SpanKind.CLIENT }, trace.setSpan(parent, server))
    .end();
  server.end();
}

describe('registerTelemetry', () => {
  it('makes what is recorded through @opentelemetry/api live, and undoes it on shutdown', async () => {
    const telemetry = registerTelemetry();
    const requests = metrics.getMeter('@saleschat-kit/proxy').createCounter('bench.test.requests');
    await tracer().startActiveSpan('POST /chat', { kind: SpanKind.SERVER }, async (parent) => {
      // A child started in an awaited continuation still finds its parent: the context manager.
      await Promise.resolve();
      const child = tracer().startSpan('store.getContact');
      expect(child.spanContext().traceId).toBe(parent.spanContext().traceId);
      child.end();
      requests.add(1, { route: 'chat' });
      parent.end();
    });

    expect(await telemetry.shutdown()).toEqual({
      sampler: expect.stringMatching(/^ParentBased\{root=AlwaysOnSampler/),
      spans: 2,
      serverSpans: 1,
      metricPoints: 1,
      instruments: ['@saleschat-kit/proxy bench.test.requests'],
    });
    // Unregistered: spans are no-ops again, for whatever runs next in this process.
    expect(trace.getTracer('x').startSpan('after').isRecording()).toBe(false);
  });

  it('with traceRatio, records about that share of new traces, whole, and every metric', async () => {
    const telemetry = registerTelemetry({ traceRatio: 0.1 });
    const requests = metrics.getMeter('@saleschat-kit/proxy').createCounter('bench.test.requests');
    for (let i = 0; i < 1000; i++) {
      traceRequest();
      requests.add(1, { route: 'chat' });
    }

    const counts = await telemetry.shutdown();
    expect(counts.sampler).toMatch(/^ParentBased\{root=TraceIdRatioBased\{0\.1\}/);
    // Binomial(1000, 0.1): 100 ± 9.5; outside 50–150 happens less than once in 10^7 runs.
    expect(counts.serverSpans).toBeGreaterThanOrEqual(50);
    expect(counts.serverSpans).toBeLessThanOrEqual(150);
    // A child follows its parent's decision: a sampled request keeps every span of its trace.
    expect(counts.spans).toBe(2 * counts.serverSpans);
    expect(counts.metricPoints).toBe(1);
  });

  it('continues a sampled trace even when it draws no new ones', async () => {
    const telemetry = registerTelemetry({ traceRatio: 0 });
    traceRequest();
    // An incoming `traceparent` whose caller sampled the trace.
    const remote = trace.setSpanContext(context.active(), {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
    traceRequest(remote);

    expect(await telemetry.shutdown()).toMatchObject({ spans: 2, serverSpans: 1 });
  });

  it('refuses a traceRatio outside 0 to 1 before registering anything', () => {
    for (const traceRatio of [-0.1, 1.5, Number.NaN]) {
      expect(() => registerTelemetry({ traceRatio })).toThrow(
        new RangeError(`registerTelemetry: traceRatio must be between 0 and 1, got ${traceRatio}`),
      );
    }
    expect(trace.getTracer('x').startSpan('after').isRecording()).toBe(false);
  });
});

describe('telemetrySideOf', () => {
  it('reads BENCH_TELEMETRY: no SDK when unset or empty, on, sampled, and nothing else', () => {
    expect(telemetrySideOf(undefined)).toBeNull();
    expect(telemetrySideOf('')).toBeNull();
    expect(telemetrySideOf('on')).toEqual({});
    expect(telemetrySideOf('sampled')).toEqual({ traceRatio: HOST_TRACE_RATIO });
    expect(() => telemetrySideOf('1')).toThrow('BENCH_TELEMETRY must be on or sampled, got 1');
    expect(() => telemetrySideOf('toString')).toThrow('got toString');
  });
});
