/**
 * The demo CRM's own data: agents and leads, generated from a fixed seed so every run (and every
 * end-to-end test) sees the same people. Phone numbers use Ofcom's range reserved for drama
 * (+44 7700 900000–900999), so no real person can be called by accident.
 */

import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export interface Agent {
  id: string;
  name: string;
  firstName: string;
  lastName: string;
  email: string;
  role: 'agent' | 'manager';
  /** Whether the agent has a Saleschat user (the manager does not, to show the "not linked" state). */
  usesSaleschat: boolean;
}

export type Stage = 'New' | 'Contacted' | 'Qualified' | 'Proposal' | 'Won' | 'Lost';

export interface Lead {
  id: string;
  firstName: string;
  lastName: string;
  company: string;
  stage: Stage;
  ownerId: string;
  /** Never sent to the browser: only the masked form is. */
  phone: string;
  /** The lead asked not to be contacted: the CRM refuses to open a chat (FORBIDDEN). */
  doNotContact: boolean;
  /** When the lead agreed to WhatsApp messages; `null` for a few, whose Chat is refused (OPT_IN_MISSING). */
  optInDate: string | null;
}

export const AGENTS: Agent[] = [
  agent('agent-ada', 'Ada', 'Lovelace', 'agent', true),
  agent('agent-grace', 'Grace', 'Hopper', 'agent', true),
  agent('agent-alan', 'Alan', 'Turing', 'agent', true),
  agent('manager-mary', 'Mary', 'Jackson', 'manager', false),
];

function agent(
  id: string,
  firstName: string,
  lastName: string,
  role: Agent['role'],
  usesSaleschat: boolean,
): Agent {
  const email = `${firstName}.${lastName}@demo-crm.example`.toLowerCase();
  return { id, name: `${firstName} ${lastName}`, firstName, lastName, email, role, usesSaleschat };
}

const FIRST_NAMES = [
  'Amara',
  'Bruno',
  'Chen',
  'Dalia',
  'Emeka',
  'Farah',
  'Giulia',
  'Hiro',
  'Ines',
  'Jonas',
  'Kavya',
  'Liam',
  'Mei',
  'Nikolai',
  'Olga',
  'Priya',
  'Quentin',
  'Rosa',
  'Sami',
  'Tomás',
  'Uma',
  'Viktor',
  'Wen',
  'Ximena',
  'Yusuf',
  'Zofia',
];
const LAST_NAMES = [
  'Okafor',
  'Silva',
  'Wang',
  'Haddad',
  'Nwosu',
  'Rahman',
  'Rossi',
  'Tanaka',
  'García',
  'Berg',
  'Iyer',
  'Murphy',
  'Lin',
  'Petrov',
  'Kowalski',
  'Sharma',
  'Dubois',
  'Moreno',
  'Aziz',
  'Novak',
  'Costa',
  'Larsen',
  'Fischer',
  'Mendoza',
  'Yilmaz',
  'Nakamura',
];
const COMPANIES = [
  'Northwind Traders',
  'Contoso Foods',
  'Fabrikam Tiles',
  'Tailspin Toys',
  'Adatum Health',
  'Wingtip Travel',
  'Litware Books',
  'Proseware Labs',
  'Lucerne Publishing',
  'Coho Winery',
  'Alpine Ski House',
  'Blue Yonder Air',
  'Fourth Coffee',
  'Margie Travel',
  'Relecloud',
];
const STAGES: Stage[] = ['New', 'Contacted', 'Qualified', 'Proposal', 'Won', 'Lost'];

export function seedLeads(count = 240, seed = 20261124): Lead[] {
  // Seeded, so the data is the same on every machine.
  const rng = xoroshiro128plus(seed);
  const pick = <T>(items: readonly T[]): T => items[uniformInt(rng, 0, items.length - 1)] as T;
  const salespeople = AGENTS.filter((a) => a.role === 'agent');
  return Array.from({ length: count }, (_, index) => ({
    id: `L-${String(1001 + index)}`,
    firstName: pick(FIRST_NAMES),
    lastName: pick(LAST_NAMES),
    company: pick(COMPANIES),
    stage: pick(STAGES),
    ownerId: (salespeople[index % salespeople.length] as Agent).id,
    phone: `+447700900${String(index).padStart(3, '0')}`,
    doNotContact: index % 37 === 36,
    // Not drawn from the generator, so the names stay those of earlier seeds.
    optInDate:
      index % 29 === 28 ? null : new Date(Date.UTC(2025, 0, 1) + index * 86_400_000).toISOString(),
  }));
}

/** What the browser may see of a phone number: the country code and the last two digits. */
export function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)} •••• ••• •${phone.slice(-2)}`;
}
