import { metrics, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { registerTelemetry } from './registerTelemetry';

describe('registerTelemetry', () => {
  it('makes what is recorded through @opentelemetry/api live, and undoes it on shutdown', async () => {
    const telemetry = registerTelemetry();
    const tracer = trace.getTracer('@saleschat-kit/proxy');
    const requests = metrics.getMeter('@saleschat-kit/proxy').createCounter('bench.test.requests');
    await tracer.startActiveSpan('POST /chat', async (parent) => {
      // A child started in an awaited continuation still finds its parent: the context manager.
      await Promise.resolve();
      const child = tracer.startSpan('store.getContact');
      expect(child.spanContext().traceId).toBe(parent.spanContext().traceId);
      child.end();
      requests.add(1, { route: 'chat' });
      parent.end();
    });

    expect(await telemetry.shutdown()).toEqual({
      spans: 2,
      metricPoints: 1,
      instruments: ['@saleschat-kit/proxy bench.test.requests'],
    });
    // Unregistered: spans are no-ops again, for whatever runs next in this process.
    expect(trace.getTracer('x').startSpan('after').isRecording()).toBe(false);
  });
});
