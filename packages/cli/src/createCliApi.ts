import { SaleschatError } from '@saleschat-kit/core';
import {
  createRateLimiter,
  createSaleschatApi,
  SALESCHAT_RATE_LIMITS,
  sleep,
  type SaleschatApi,
} from '@saleschat-kit/saleschat-client';

export interface CliApiOptions {
  /** The organisation's admin token. */
  token: string;
  /** The organisation. */
  orgId: string;
  /** Saleschat's API origin (the resolved configuration's). */
  baseUrl: string;
  /** Requests per second per endpoint. Default: Saleschat's limit (`SALESCHAT_RATE_LIMITS`). */
  rate?: number;
  /** Per request to Saleschat. Default: the client's. */
  timeoutMs?: number;
  /** Receives the client's log lines, the token already redacted. Default: dropped. */
  onLog?: (line: string) => void;
}

/**
 * A margin on Saleschat's 1 s window: requests leave at least (1000 + 50) / rate ms apart, so
 * network jitter of up to 50 ms cannot put rate + 1 of them in one of Saleschat's windows. The
 * cost: 10/s becomes 9.5/s. Evenly spaced rather than in bursts of `rate`, so the pace is the
 * same from the first second on.
 */
const WINDOW_MARGIN_MS = 50;

/** The Saleschat client, paced for a batch: a request waits for its turn instead of being refused. */
export function createCliApi(options: CliApiOptions): SaleschatApi {
  const { onLog, rate = SALESCHAT_RATE_LIMITS.requestsPerSecond } = options;
  const line =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void =>
      onLog?.(`${level}: ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`);
  return createSaleschatApi({
    baseUrl: options.baseUrl,
    token: options.token,
    orgId: options.orgId,
    timeoutMs: options.timeoutMs,
    logger: onLog ? { info: line('info'), warn: line('warn'), error: line('error') } : null,
    limiter: createRateLimiter({
      limit: 1,
      windowMs: (1000 + WINDOW_MARGIN_MS) / rate,
      maxQueueMs: Number.POSITIVE_INFINITY,
    }),
  });
}

/** The result of one harmless call that tells whether Saleschat accepts the token and org. */
export type AccessCheck = { ok: true } | { ok: false; message: string; fix: string };

/** A user id no org has: asking for its magic link changes nothing and answers 404 when access is fine. */
export const PROBE_USER_ID = 'saleschat-kit-access-check';

/** `undefined` when the probe was answered as access allows (the user exists or not). */
async function probe(api: SaleschatApi): Promise<SaleschatError | undefined> {
  try {
    await api.isOrgMember(PROBE_USER_ID);
    return undefined;
  } catch (caught) {
    return SaleschatError.from(caught);
  }
}

/**
 * Asks for the magic link of a user that does not exist: 404 means the token and the org were
 * accepted (Saleschat checks them first), 401/403 that they were not.
 */
export async function checkSaleschatAccess(
  api: SaleschatApi,
  baseUrl: string,
): Promise<AccessCheck> {
  let error = await probe(api);
  // A 429 says nothing about access: another client (a proxy) used this second's budget.
  for (let attempt = 1; error?.code === 'RATE_LIMITED' && attempt < 3; attempt++) {
    await sleep(error.retryAfterMs ?? 1000);
    error = await probe(api);
  }
  if (!error) return { ok: true };
  if (error.code === 'SALESCHAT_UNAVAILABLE') {
    return {
      ok: false,
      message: error.message,
      fix: `check SALESCHAT_BASE_URL (${baseUrl}) and the network; if it is right, Saleschat is down: try again later.`,
    };
  }
  // Saleschat's codes read as HTTP status + sequence (4010001, 4030001).
  const status = error.saleschat ? Math.floor(error.saleschat.code / 10_000) : undefined;
  if (status === 401 || status === 403 || /credentials/.test(error.message)) {
    return {
      ok: false,
      message: `Saleschat refused the token or the organisation (${error.saleschat ? `${error.saleschat.code} ${error.saleschat.message}` : error.message}).`,
      fix: 'check SALESCHAT_API_TOKEN (an admin token of the organisation, not expired) and SALESCHAT_ORG_ID (the organisation that token belongs to).',
    };
  }
  return {
    ok: false,
    message: error.message,
    fix: 'check SALESCHAT_BASE_URL points at the Saleschat API, and the token and organisation.',
  };
}
