// The whole Saleschat integration of the demo CRM's backend.
import { createSaleschatProxy, type SaleschatProxyOptions } from '@saleschat-kit/proxy';
import type { Lead } from './seed';
import { demoSessions } from './session';

export function createCrmSaleschatProxy(
  leads: ReadonlyMap<string, Lead>,
  config: Pick<SaleschatProxyOptions, 'saleschat' | 'store'>,
) {
  return createSaleschatProxy({
    ...config,
    authenticate: (request) => {
      const agent = demoSessions.agentOf(request.headers.get('Cookie'));
      return agent && { crmUserId: agent.id };
    },
    resolveLead: (crmCustomerId) => {
      const lead = leads.get(crmCustomerId);
      if (!lead) return null;
      if (lead.doNotContact) return { denied: true };
      return {
        firstName: lead.firstName,
        lastName: lead.lastName,
        phone: lead.phone,
        optInDate: lead.optInDate,
      };
    },
  });
}
