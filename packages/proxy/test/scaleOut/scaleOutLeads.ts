import type { Lead } from '../../src/index';

/** The cookie that names the calling agent (the stand-in for a CRM session). */
export const AGENT_COOKIE = 'scale_agent';

/** Every lead exists; its phone number comes from its id, in the range Ofcom keeps for drama. */
export function leadOf(crmCustomerId: string): Lead {
  let hash = 0;
  for (let index = 0; index < crmCustomerId.length; index++) {
    hash = (Math.imul(31, hash) + crmCustomerId.charCodeAt(index)) >>> 0;
  }
  return {
    firstName: 'Burst',
    lastName: crmCustomerId.slice(-20),
    phone: `+447700900${String(hash % 1000).padStart(3, '0')}`,
    optInDate: '2025-01-01T00:00:00.000Z',
  };
}
