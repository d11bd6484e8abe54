import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { AGENTS, type Agent } from './seed';

/**
 * The demo CRM's own sign-in: a signed cookie holding the agent id, a session id and the time
 * it was issued. A session ends after `maxAgeMs` or when the agent signs out (its id is then
 * revoked on the server, so a copy of the cookie stops working too). A real CRM has its own
 * session; the kit only ever asks it "who is this?" through `authenticate`.
 */
export const SESSION_COOKIE = 'demo_crm_session';

export interface SessionOptions {
  /** Key that signs the cookies. Default: `DEMO_SESSION_SECRET`, else a random one per process. */
  secret?: string;
  /** How long a session lasts after sign-in, in ms. Default: `DEMO_SESSION_MAX_AGE_S` × 1000, else 12 h. */
  maxAgeMs?: number;
  /** The clock, in epoch ms. Default: `Date.now`. */
  now?: () => number;
}

export interface Sessions {
  /** The `Set-Cookie` value that signs `agentId` in. */
  cookieFor(agentId: string): string;
  /** The signed-in agent of a request's `Cookie` header: signed, not expired, not revoked; else null. */
  agentOf(cookieHeader: string | null | undefined): Agent | null;
  /** Ends the session of a request's `Cookie` header; returns the `Set-Cookie` that clears it. */
  revoke(cookieHeader: string | null | undefined): string;
}

const TWELVE_HOURS_MS = 12 * 60 * 60 * 1000;

interface Parsed {
  agentId: string;
  sessionId: string;
  issuedAt: number;
}

export function createSessions(options: SessionOptions = {}): Sessions {
  const secret = options.secret ?? randomBytes(32).toString('hex');
  const maxAgeMs = options.maxAgeMs ?? TWELVE_HOURS_MS;
  const now = options.now ?? Date.now;
  /** Revoked session ids and when they expire anyway (then they are forgotten). */
  const revoked = new Map<string, number>();

  const sign = (value: string) => createHmac('sha256', secret).update(value).digest('base64url');

  /** The cookie's signed parts, or null when it is missing or not signed by this server. */
  function parse(cookieHeader: string | null | undefined): Parsed | null {
    const raw = cookieHeader
      ?.split(';')
      .map((part) => part.trim())
      .find((part) => part.startsWith(`${SESSION_COOKIE}=`))
      ?.slice(SESSION_COOKIE.length + 1);
    if (!raw) return null;
    const dot = raw.lastIndexOf('.');
    const payload = raw.slice(0, dot);
    const given = Buffer.from(raw.slice(dot + 1));
    const expected = Buffer.from(sign(payload));
    if (dot < 1 || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return null;
    }
    // agentId.sessionId.issuedAt — the agent id may hold dots, the other two do not.
    const match = /^(.+)\.([\w-]+)\.(\d+)$/.exec(payload);
    if (!match) return null;
    return {
      agentId: match[1] as string,
      sessionId: match[2] as string,
      issuedAt: Number(match[3]),
    };
  }

  function forgetExpired(at: number): void {
    for (const [id, expiresAt] of revoked) if (expiresAt <= at) revoked.delete(id);
  }

  return {
    cookieFor(agentId) {
      const payload = `${agentId}.${randomUUID()}.${now()}`;
      const maxAgeS = Math.floor(maxAgeMs / 1000);
      return `${SESSION_COOKIE}=${payload}.${sign(payload)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeS}`;
    },
    agentOf(cookieHeader) {
      const session = parse(cookieHeader);
      if (!session) return null;
      const at = now();
      if (at - session.issuedAt >= maxAgeMs || session.issuedAt > at + 60_000) return null;
      if (revoked.has(session.sessionId)) return null;
      return AGENTS.find((agent) => agent.id === session.agentId) ?? null;
    },
    revoke(cookieHeader) {
      const session = parse(cookieHeader);
      const at = now();
      forgetExpired(at);
      if (session) revoked.set(session.sessionId, session.issuedAt + maxAgeMs);
      return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
    },
  };
}

const maxAgeSeconds = Number(process.env.DEMO_SESSION_MAX_AGE_S);

/** The demo server's sessions, configured from the environment. */
export const demoSessions = createSessions({
  secret: process.env.DEMO_SESSION_SECRET,
  maxAgeMs: maxAgeSeconds > 0 ? maxAgeSeconds * 1000 : undefined,
});
