import {
  createRateLimiter,
  createSaleschatApi,
  redact,
  type ProxyLog,
  type SaleschatApi,
} from '@saleschat-kit/proxy';

export interface CliApiOptions {
  token: string;
  orgId: string;
  baseUrl: string;
  /** Requests per second per endpoint; Saleschat allows 10. */
  rate: number;
  timeoutMs: number;
  /** Receives the client's log lines (already redacted); default: dropped. */
  onLog?: (line: string) => void;
}

/**
 * A margin on Saleschat's 1 s window: requests leave at least (1000 + 50) / rate ms apart, so
 * network jitter of up to 50 ms cannot put rate + 1 of them in one of Saleschat's windows. The
 * cost: 10/s becomes 9.5/s. Evenly spaced rather than in bursts of `rate`, so the pace is the
 * same from the first second on.
 */
const WINDOW_MARGIN_MS = 50;

/** The proxy's Saleschat client, paced for a batch: waits for its turn instead of refusing. */
export function createCliApi(options: CliApiOptions): SaleschatApi {
  const log: ProxyLog = (level, message, fields, secrets = []) => {
    if (!options.onLog) return;
    const all = [options.token, ...secrets];
    options.onLog(redact(`${level}: ${message} ${fields ? JSON.stringify(fields) : ''}`, all));
  };
  return createSaleschatApi({
    baseUrl: options.baseUrl,
    token: options.token,
    orgId: options.orgId,
    timeoutMs: options.timeoutMs,
    // Neither is used by the CLI's calls (users only), but the client needs them.
    magicLinkTtlMs: 5 * 60_000,
    assignIntervalMs: 10_000,
    fetch: (input, init) => fetch(input, init),
    now: Date.now,
    log,
    limiter: createRateLimiter({
      limit: 1,
      windowMs: (1000 + WINDOW_MARGIN_MS) / options.rate,
      maxQueueMs: Number.POSITIVE_INFINITY,
      now: Date.now,
    }),
  });
}
