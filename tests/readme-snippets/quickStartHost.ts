import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What this file needs of the host's Express app (the root type-check cannot see express). */
interface HostApp {
  listen(port: number, host: string, callback: () => void): Server;
}

/** A lead as the host CRM stores it, and the CRM user who owns it. */
export interface HostLead {
  id: string;
  firstName: string;
  lastName: string;
  phone: string;
  /** ISO-8601, or null: the lead never agreed. */
  optInDate: string | null;
  owner: string;
}

/** What the host CRM knows, handed to the quick start's process as JSON in `HOST_CRM`. */
export interface HostCrmData {
  /** Session cookie value → CRM user id. */
  sessions: Record<string, string>;
  leads: HostLead[];
}

/** The session cookie's name in this host. */
export const SESSION_COOKIE = 'crm_session';

/**
 * The host CRM the README's server quick start is pasted into: the globals it uses but leaves
 * to the host (`app`, `crmSessionOf`, `crmLeads`, `canContact`, declared in host.d.ts), backed by
 * the data in `HOST_CRM`. Runs in the quick start's own process.
 */
export function installHostCrm(app: HostApp): void {
  const data = JSON.parse(process.env.HOST_CRM ?? '') as HostCrmData;
  const crmSessionOf = async (cookie: string | null) => {
    const value = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]*)`).exec(cookie ?? '')?.[1];
    const userId = value === undefined ? undefined : data.sessions[value];
    return userId === undefined ? null : { id: userId };
  };
  const crmLeads = {
    async find(id: string): Promise<Lead | null> {
      const lead = data.leads.find((each) => each.id === id);
      if (!lead) return null;
      const { owner: _owner, optInDate, ...fields } = lead;
      return {
        ...fields,
        name: `${lead.firstName} ${lead.lastName}`,
        optInDate: optInDate === null ? null : new Date(optInDate),
      };
    },
  };
  const canContact = (user: { crmUserId: string }, lead: Lead) =>
    data.leads.find((each) => each.id === lead.id)?.owner === user.crmUserId;
  Object.assign(globalThis, { app, crmSessionOf, crmLeads, canContact });
}

/** Listens on a free loopback port and prints `host CRM listening on <origin>`. */
export function listen(app: HostApp): void {
  const server = app.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    console.log(`host CRM listening on http://127.0.0.1:${port}`);
  });
}
