import type { FakeSaleschatServer } from '@saleschat-kit/fake-saleschat';

/** What Saleschat saw of a burst: its busiest second per endpoint, and its refusals. */
export interface UpstreamFigures {
  /** Per endpoint, the most requests that arrived within any 1 000 ms. */
  busiestSecond: Record<string, number>;
  /** Requests Saleschat refused with 429. */
  refused429: number;
}

/** Reads the fake's request log: every window of 1 000 ms starting at a request is counted. */
export function upstreamFigures(saleschat: FakeSaleschatServer): UpstreamFigures {
  const byEndpoint = new Map<string, number[]>();
  for (const request of saleschat.fake.requests) {
    const times = byEndpoint.get(request.endpoint ?? 'unknown') ?? [];
    times.push(request.at);
    byEndpoint.set(request.endpoint ?? 'unknown', times);
  }
  const busiestSecond: Record<string, number> = {};
  for (const [endpoint, times] of byEndpoint) {
    times.sort((a, b) => a - b);
    let most = 0;
    let start = 0;
    for (let end = 0; end < times.length; end++) {
      while ((times[end] as number) - (times[start] as number) >= 1000) start++;
      most = Math.max(most, end - start + 1);
    }
    busiestSecond[endpoint] = most;
  }
  const refused429 = saleschat.fake.requests.filter((request) => request.status === 429).length;
  return { busiestSecond, refused429 };
}
