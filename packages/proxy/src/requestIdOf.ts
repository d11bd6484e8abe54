import { REQUEST_ID_HEADER } from '@saleschat-kit/core';

/** What a client's request id may look like to be echoed: short, and safe in a log line or header. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The client's `X-Request-Id` when it is a sane short token, else a fresh random one. */
export function requestIdOf(request: Request): string {
  const sent = request.headers.get(REQUEST_ID_HEADER);
  if (sent && SANE_REQUEST_ID.test(sent)) return sent;
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
