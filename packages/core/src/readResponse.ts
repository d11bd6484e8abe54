import type { ProxyErrorCode } from './contract';
import { SaleschatError, isErrorBody } from './saleschatError';
import { matches, type BodyShape } from './shape';

/** What a response that is not the kit's error shape most likely means, by status. */
function guessCode(status: number): ProxyErrorCode {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 429) return 'RATE_LIMITED';
  return status > 501 && status < 505 ? 'SALESCHAT_UNAVAILABLE' : 'INTERNAL';
}

/**
 * Turns a proxy response into a value or a `SaleschatError`. Whatever went wrong, the error says
 * what was actually received, so a misconfigured host (an HTML login page, a 404 from a missing
 * mount) is diagnosed from the message alone.
 */
export async function readResponse<T>(
  response: Response,
  shape: BodyShape,
  requestId: string,
): Promise<T> {
  const { status, headers } = response;
  const text = await response.text();
  let body: Record<string, unknown> | undefined;
  try {
    body = JSON.parse(text);
  } catch {
    // Described below.
  }

  if (isErrorBody(body)) throw new SaleschatError({ ...body.error, status });
  if (response.ok && body && matches(body, shape)) return body as T;

  // Not the kit's shape: a gateway, the host's framework or a missing mount answered instead.
  throw new SaleschatError({
    code: guessCode(status), // INTERNAL for a 2xx of the wrong shape
    status,
    requestId,
    message: `Unexpected proxy response: ${status} ${headers.get('Content-Type')} ${JSON.stringify(text.slice(0, 80))}`,
  });
}
