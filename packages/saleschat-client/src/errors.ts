import { SaleschatError, type UpstreamError } from '@saleschat-kit/core';
import { redact } from './redact';

/** One Saleschat answer, its body read as text. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

interface SaleschatErrorBody {
  error_code?: unknown;
  error_message?: unknown;
  error_description?: unknown;
}

/** The JSON in a text, or `undefined` when it is none. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Saleschat's `{ error_code, error_message }`, when the answer has it. */
function upstreamErrorOf(text: string, secrets: readonly string[]): UpstreamError | undefined {
  const body = parseJson(text) as SaleschatErrorBody | undefined;
  if (!body || typeof body !== 'object' || typeof body.error_code !== 'number') return undefined;
  const message = typeof body.error_message === 'string' ? body.error_message : '';
  return { code: body.error_code, message: redact(message.slice(0, 200), secrets) };
}

/** Saleschat's `error_description`, for the log only. */
export function descriptionOf(text: string): string | undefined {
  const body = parseJson(text) as SaleschatErrorBody | undefined;
  return typeof body?.error_description === 'string'
    ? body.error_description.slice(0, 500)
    : undefined;
}

/** `Retry-After` in seconds or as an HTTP date (Saleschat does not document sending it). */
function retryAfterOf(headers: Headers, now: number): number | undefined {
  const value = headers.get('Retry-After');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function networkCodeOf(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return error instanceof Error ? error.message : 'unknown error';
}

/** A request that got no answer: timed out (504) or not sent/answered at all (503). */
export function unansweredError(
  action: string,
  error: unknown,
  timedOutAfterMs: number | null,
): SaleschatError {
  return timedOutAfterMs !== null
    ? new SaleschatError({
        code: 'SALESCHAT_UNAVAILABLE',
        status: 504,
        message: `Saleschat did not answer within ${timedOutAfterMs} ms (${action}).`,
        cause: error,
      })
    : new SaleschatError({
        code: 'SALESCHAT_UNAVAILABLE',
        status: 503,
        message: `Saleschat could not be reached (${action}: ${networkCodeOf(error)}).`,
        cause: error,
      });
}

export interface RefusalContext {
  /** Removed from Saleschat's message (the request's password, phone, names). */
  secrets: readonly string[];
  now: number;
  /** The wait suggested after a 429 without `Retry-After`. */
  defaultRetryAfterMs: number;
}

/**
 * A non-2xx answer in the kit's terms, with Saleschat's own code and message kept: 429 is
 * RATE_LIMITED, 5xx SALESCHAT_UNAVAILABLE, anything else SALESCHAT_ERROR.
 */
export function refusalError(
  action: string,
  answer: Answer,
  context: RefusalContext,
): SaleschatError {
  const saleschat = upstreamErrorOf(answer.text, context.secrets);
  const said = saleschat ? `: ${saleschat.code} ${saleschat.message}` : '';
  if (answer.status === 429) {
    return new SaleschatError({
      code: 'RATE_LIMITED',
      message: `Saleschat is rate limiting ${action}: try again shortly.`,
      saleschat,
      retryAfterMs: retryAfterOf(answer.headers, context.now) ?? context.defaultRetryAfterMs,
    });
  }
  if (answer.status >= 500) {
    return new SaleschatError({
      code: 'SALESCHAT_UNAVAILABLE',
      status: 503,
      message: `Saleschat failed to ${action} (HTTP ${answer.status}${said}).`,
      saleschat,
    });
  }
  if (answer.status === 401 || answer.status === 403) {
    return new SaleschatError({
      code: 'SALESCHAT_ERROR',
      message: `Saleschat refused the proxy's credentials (HTTP ${answer.status}${said}): check the saleschat token and orgId options.`,
      saleschat,
    });
  }
  return new SaleschatError({
    code: 'SALESCHAT_ERROR',
    message: `Saleschat refused to ${action} (HTTP ${answer.status}${said}).`,
    saleschat,
  });
}
