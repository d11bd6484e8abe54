import {
  ERROR_STATUS,
  SaleschatError,
  isProxyErrorCode,
  type ErrorBody,
} from '@saleschat-kit/core';
import { redact } from './redact';

/** The status and `ErrorBody` for anything thrown while answering a request. */
export function errorBodyOf(
  error: unknown,
  requestId: string,
  secrets: readonly string[],
): { status: number; body: ErrorBody } {
  if (!(error instanceof SaleschatError) || !isProxyErrorCode(error.code)) {
    // Unexpected failures keep their details in the log: SQL or stack text is no answer for a browser.
    return {
      status: ERROR_STATUS.INTERNAL,
      body: {
        error: {
          code: 'INTERNAL',
          message: `The Saleschat proxy failed unexpectedly; its log has the details under request id ${requestId}.`,
          requestId,
        },
      },
    };
  }
  const body: ErrorBody = {
    error: { code: error.code, message: redact(error.message, secrets), requestId },
  };
  if (error.saleschat) {
    body.error.saleschat = {
      code: error.saleschat.code,
      message: redact(error.saleschat.message, secrets),
    };
  }
  if (error.retryAfterMs !== undefined)
    body.error.retryAfterMs = Math.max(0, Math.ceil(error.retryAfterMs));
  return { status: error.status || ERROR_STATUS[error.code], body };
}
