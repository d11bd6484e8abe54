// The whole Saleschat integration of the Next CRM's server: who is calling, and who a lead is.
import type { SaleschatProxyOptions } from '@saleschat-kit/proxy';
import { agentOfSession, LEADS, SESSION_COOKIE } from './crm';

// Read at import, checked on the first request: `next build` runs without these settings.
export const saleschatOptions: SaleschatProxyOptions = {
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
};
