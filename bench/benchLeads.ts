import type { Lead } from '../packages/proxy/src/index';

function hashOf(text: string): number {
  let hash = 0;
  for (let index = 0; index < text.length; index++) {
    hash = (Math.imul(31, hash) + text.charCodeAt(index)) >>> 0;
  }
  return hash;
}

/**
 * The bench's `resolveLead`: every lead exists, opted in; its phone number is derived from its
 * id, in the range Ofcom keeps for drama.
 */
export function benchLeadOf(crmCustomerId: string): Lead {
  return {
    firstName: 'Bench',
    lastName: crmCustomerId.slice(-20),
    phone: `+447700900${String(hashOf(crmCustomerId) % 1000).padStart(3, '0')}`,
    optInDate: '2025-01-15T09:30:00.000Z',
  };
}
