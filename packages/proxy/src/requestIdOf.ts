import { REQUEST_ID_HEADER } from '@saleschat-kit/core';

/** What a client's request id may look like to be echoed: short, and safe in a log line or header. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

// Request ids correlate, they do not authorise: a random prefix per process and a counter are
// unique enough, and cost nothing next to a random draw per request.
const PREFIX = Array.from(crypto.getRandomValues(new Uint8Array(6)), (byte) =>
  byte.toString(16).padStart(2, '0'),
).join('');
let counter = 0;

/** The client's `X-Request-Id` when it is a sane short token, else a fresh unique one. */
export function requestIdOf(request: Request): string {
  const sent = request.headers.get(REQUEST_ID_HEADER);
  if (sent && SANE_REQUEST_ID.test(sent)) return sent;
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  return `${PREFIX}${counter.toString(16).padStart(12, '0')}`;
}
