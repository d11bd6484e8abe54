/** What can be told about a token without sending it anywhere, and without printing it. */
export type TokenShape = { kind: 'jwt'; expiresAt: Date | null } | { kind: 'opaque' };

/** Saleschat tokens are JWTs: the payload's `exp` says when it stops working. */
export function describeToken(token: string): TokenShape {
  const parts = token.split('.');
  if (parts.length !== 3) return { kind: 'opaque' };
  try {
    const payload = JSON.parse(Buffer.from(parts[1] as string, 'base64url').toString('utf8')) as {
      exp?: unknown;
    };
    return {
      kind: 'jwt',
      expiresAt: typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : null,
    };
  } catch {
    return { kind: 'opaque' };
  }
}
