import {
  ERROR_STATUS,
  PROXY_ERROR_CODES,
  type ErrorBody,
  type ProxyErrorCode,
  type SaleschatErrorCode,
  type UpstreamError,
} from './contract';
import { matches, type BodyShape } from './shape';

export interface SaleschatErrorInit {
  /** What went wrong, as one of the kit's codes. Required. */
  code: SaleschatErrorCode;
  /** Default: `'Saleschat request failed: <code>'` (the UI shows its catalogue's words instead). */
  message?: string;
  /** HTTP status of the proxy's answer; 0 when there was none (network, timeout, popup…). Default: the code's own, or 0. */
  status?: number;
  /** Saleschat's own error code and message, when Saleschat refused. Default: none. */
  saleschat?: UpstreamError;
  /** The proxy's id of the request, for its logs. Default: none. */
  requestId?: string;
  /** How long to wait before a retry helps. Default: none. */
  retryAfterMs?: number;
  /** For `POPUP_BLOCKED`: the link the UI can offer for the user to click. Default: none. */
  url?: string;
  /** The underlying failure. Default: none. */
  cause?: unknown;
}

/** The one error type of the kit: every failure, from the proxy or the browser, becomes one. */
export class SaleschatError extends Error {
  override readonly name = 'SaleschatError';
  declare readonly code: SaleschatErrorCode;
  /** HTTP status of the proxy's answer; 0 for client-only codes. */
  declare readonly status: number;
  /** Saleschat's own error code and message, when Saleschat refused. */
  declare readonly saleschat: UpstreamError | undefined;
  declare readonly requestId: string | undefined;
  /** How long to wait before retrying helps, when it does. */
  declare readonly retryAfterMs: number | undefined;
  /** For `POPUP_BLOCKED`: the link the user can click instead. */
  declare readonly url: string | undefined;

  constructor({ message, cause, ...fields }: SaleschatErrorInit) {
    // Proxy errors carry the proxy's message. The words users read come from the UI's message
    // catalogue, keyed by `code`, so the default here is terse (it ships in every host's bundle).
    super(message ?? `Saleschat request failed: ${fields.code}`, { cause });
    Object.assign(this, fields);
    this.status = fields.status ?? ERROR_STATUS[fields.code as ProxyErrorCode] ?? 0;
  }

  /** Normalises anything thrown into a `SaleschatError` (an existing one is returned as is). */
  static from(value: unknown): SaleschatError {
    if (value instanceof SaleschatError) return value;
    if ((value as { name?: unknown } | null)?.name === 'AbortError') {
      return new SaleschatError({ code: 'ABORTED', cause: value });
    }
    if (isErrorBody(value)) return new SaleschatError(value.error);
    return new SaleschatError({
      code: 'INTERNAL',
      message: `Unexpected error: ${String(value)}`,
      cause: value,
    });
  }
}

export function isProxyErrorCode(value: unknown): value is ProxyErrorCode {
  return (PROXY_ERROR_CODES as unknown[]).includes(value);
}

/** Structural check of an error response body, as received off the wire. */
export function isErrorBody(value: unknown): value is ErrorBody {
  const error = (value as { error?: Record<string, unknown> } | null)?.error;
  return !!error && matches(error, ERROR_SHAPE);
}

const ERROR_SHAPE: BodyShape = {
  code: PROXY_ERROR_CODES,
  message: 'string',
  requestId: 'string',
  saleschat: ['object', 'undefined'],
  retryAfterMs: ['number', 'undefined'],
};
