import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AGENTS, type Agent } from './seed';

/**
 * The demo CRM's own sign-in: a signed cookie holding the agent id. A real CRM has its own
 * session; the kit only ever asks it "who is this?" through `authenticate`.
 */
export const SESSION_COOKIE = 'demo_crm_session';

const secret = process.env.DEMO_SESSION_SECRET ?? randomBytes(32).toString('hex');

function sign(value: string): string {
  return createHmac('sha256', secret).update(value).digest('base64url');
}

export function sessionCookie(agentId: string): string {
  return `${SESSION_COOKIE}=${agentId}.${sign(agentId)}; Path=/; HttpOnly; SameSite=Lax`;
}

export const clearedSessionCookie = `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;

/** The signed-in agent of a request's `Cookie` header, or null. */
export function agentFromCookieHeader(cookieHeader: string | null | undefined): Agent | null {
  const raw = cookieHeader
    ?.split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${SESSION_COOKIE}=`))
    ?.slice(SESSION_COOKIE.length + 1);
  if (!raw) return null;
  const dot = raw.lastIndexOf('.');
  const agentId = raw.slice(0, dot);
  const given = Buffer.from(raw.slice(dot + 1));
  const expected = Buffer.from(sign(agentId));
  if (dot < 1 || given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return AGENTS.find((agent) => agent.id === agentId) ?? null;
}
