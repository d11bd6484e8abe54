import { SaleschatError } from '@saleschat-kit/core';
import type { ProxyUser } from '@saleschat-kit/proxy';
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { CallerCheck } from './resolveServeConfig';

/** How long the host's "who am I" URL may take. */
const WHOAMI_TIMEOUT_MS = 5000;

function unauthenticated(message: string): SaleschatError {
  return new SaleschatError({ code: 'UNAUTHENTICATED', message });
}

/** Why a token was refused, in words for the developer reading the answer (never the token). */
function describeTokenError(error: unknown): string {
  if (error instanceof errors.JWTExpired)
    return 'The token has expired: the client fetches a new one.';
  if (error instanceof errors.JWTClaimValidationFailed) {
    return `The token's ${error.claim} claim is not the one expected (${error.reason}).`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return "The token's algorithm is not accepted.";
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return "The token's signature does not verify.";
  return 'The token is not a valid JWT.';
}

/**
 * The proxy's `authenticate` for a service beside a host in any language: a short-lived JWT the
 * host mints for its signed-in user (`Authorization: Bearer`, the CRM user id in `sub`), or the
 * browser's cookie forwarded to the host's "who am I" URL.
 */
export function createCallerCheck(
  check: CallerCheck,
): (request: Request) => Promise<ProxyUser | null> {
  if (check.kind === 'whoami') {
    return async (request) => {
      const cookie = request.headers.get('Cookie');
      if (!cookie) return null;
      let response: Response;
      try {
        response = await fetch(check.whoamiUrl, {
          headers: { Cookie: cookie, Accept: 'application/json' },
          signal: AbortSignal.timeout(WHOAMI_TIMEOUT_MS),
        });
      } catch {
        throw new SaleschatError({
          code: 'INTERNAL',
          message: `The CRM's "who am I" URL did not answer within ${WHOAMI_TIMEOUT_MS} ms.`,
        });
      }
      if (response.status === 401 || response.status === 403) return null;
      const body = (await response.json().catch(() => null)) as { crmUserId?: unknown } | null;
      if (!response.ok || typeof body?.crmUserId !== 'string' || body.crmUserId === '') {
        throw new SaleschatError({
          code: 'INTERNAL',
          message: `The CRM's "who am I" URL answered ${response.status} without { "crmUserId": "…" }.`,
        });
      }
      return { crmUserId: body.crmUserId };
    };
  }
  const key: Uint8Array | JWTVerifyGetKey =
    check.kind === 'jwt-secret'
      ? new TextEncoder().encode(check.secret)
      : createRemoteJWKSet(check.jwksUrl);
  const algorithms = check.kind === 'jwt-secret' ? ['HS256'] : ['RS256', 'EdDSA', 'Ed25519'];
  return async (request) => {
    const header = request.headers.get('Authorization');
    if (!header) return null;
    const match = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(header.trim());
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <JWT>".');
    try {
      const { payload } = await jwtVerify(match[1] as string, key as Uint8Array, {
        algorithms,
        audience: check.audience,
        ...(check.issuer ? { issuer: check.issuer } : {}),
        requiredClaims: ['exp', 'sub'],
      });
      if (!payload.sub) throw unauthenticated("The token's sub (the CRM user id) is empty.");
      return { crmUserId: payload.sub };
    } catch (error) {
      if (error instanceof SaleschatError) throw error;
      throw unauthenticated(describeTokenError(error));
    }
  };
}
