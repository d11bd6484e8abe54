// The whole Saleschat integration of the Next CRM's server: who is calling, and who a lead is.
import { createSaleschatProxy, type SaleschatProxy } from '@saleschat-kit/proxy';
import { agentOfSession, LEADS, SESSION_COOKIE } from './crm';

let proxy: SaleschatProxy | undefined;

/** Created on the first request, so `next build` needs no Saleschat settings. */
export const saleschatProxy = () =>
  (proxy ??= createSaleschatProxy({
    saleschat: {
      baseUrl: process.env.SALESCHAT_BASE_URL,
      token: process.env.SALESCHAT_API_TOKEN ?? '',
      orgId: process.env.SALESCHAT_ORG_ID ?? '',
    },
    store: { dataDir: process.env.SALESCHAT_DATA_DIR },
    authenticate: (request) => {
      const cookie = request.headers.get('Cookie') ?? '';
      const session = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]+)`).exec(cookie)?.[1];
      const agent = agentOfSession(session);
      return agent && { crmUserId: agent.id };
    },
    resolveLead: (crmCustomerId) => LEADS.get(crmCustomerId) ?? null,
  }));
