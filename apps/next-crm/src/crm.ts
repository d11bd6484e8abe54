import { createHmac, timingSafeEqual } from 'node:crypto';
import { cookies } from 'next/headers';

/**
 * The CRM's own side, which the kit never sees: its agents, its leads, and its sign-in (a signed
 * cookie holding the agent id). A real CRM has its own; the kit only asks "who is this?".
 */
export interface Agent {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
}

export interface Lead {
  id: string;
  firstName: string;
  lastName: string;
  company: string;
  /** Never sent to the browser. */
  phone: string;
  /** When the lead agreed to be contacted on WhatsApp. */
  optInDate: string;
}

// Ofcom's range reserved for drama: no real person can be called by accident.
export const AGENTS: readonly Agent[] = [
  { id: 'agent-ada', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@next-crm.example' },
  { id: 'agent-grace', firstName: 'Grace', lastName: 'Hopper', email: 'grace@next-crm.example' },
];

export const LEADS: ReadonlyMap<string, Lead> = new Map(
  [
    { id: 'L-2001', firstName: 'Amara', lastName: 'Okafor', company: 'Northwind Traders' },
    { id: 'L-2002', firstName: 'Bruno', lastName: 'Silva', company: 'Contoso Foods' },
    { id: 'L-2003', firstName: 'Chen', lastName: 'Wang', company: 'Tailspin Toys' },
  ].map((lead, index) => [
    lead.id,
    { ...lead, phone: `+44770090010${index}`, optInDate: '2026-01-15T09:00:00.000Z' },
  ]),
);

export const SESSION_COOKIE = 'next_crm_session';

// Set by the start script; the fixed fallback only serves `next build`, which signs nothing.
const secret = process.env.NEXT_CRM_SESSION_SECRET ?? 'next-crm-build-time-secret';
const sign = (value: string) => createHmac('sha256', secret).update(value).digest('base64url');

export const sessionValue = (agentId: string) => `${agentId}.${sign(agentId)}`;

/** The agent a session cookie's value names, when its signature holds. */
export function agentOfSession(value: string | undefined): Agent | null {
  const dot = value?.lastIndexOf('.') ?? -1;
  if (!value || dot < 1) return null;
  const agentId = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(sign(agentId));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return AGENTS.find((agent) => agent.id === agentId) ?? null;
}

/** The signed-in agent of the current request (server components and actions). */
export async function currentAgent(): Promise<Agent | null> {
  return agentOfSession((await cookies()).get(SESSION_COOKIE)?.value);
}
