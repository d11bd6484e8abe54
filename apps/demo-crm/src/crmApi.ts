/** The demo CRM's own API client (not the kit's): session, leads, lead names, calls. */
import type { LeadView } from '../server/crmApi';
import type { LeadNames } from './leadNames';

export type { LeadView };

export interface AgentView {
  id: string;
  name: string;
  role: 'agent' | 'manager';
  usesSaleschat: boolean;
}

export interface LeadsPage {
  items: LeadView[];
  total: number;
  page: number;
  pageSize: number;
  pages: number;
}

export class CrmApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`/api${path}`, {
    ...init,
    headers: init?.body ? { 'Content-Type': 'application/json' } : undefined,
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    throw new CrmApiError(body.message ?? response.statusText, response.status);
  }
  return (response.status === 204 ? undefined : await response.json()) as T;
}

export const crmApi = {
  agents: () => request<AgentView[]>('/agents'),
  session: () => request<AgentView>('/session'),
  signIn: (agentId: string) =>
    request<AgentView>('/session', { method: 'POST', body: JSON.stringify({ agentId }) }),
  signOut: () => request<undefined>('/session', { method: 'DELETE' }),
  leads: (query: string, page: number) =>
    request<LeadsPage>(`/leads?${new URLSearchParams({ query, page: String(page) })}`),
  lead: (id: string) => request<LeadView>(`/leads/${encodeURIComponent(id)}`),
  renameLead: (id: string, names: LeadNames) =>
    request<LeadView>(`/leads/${encodeURIComponent(id)}`, {
      method: 'PUT',
      body: JSON.stringify(names),
    }),
  call: (id: string) =>
    request<{ status: string; to: string }>(`/leads/${encodeURIComponent(id)}/call`, {
      method: 'POST',
    }),
};
