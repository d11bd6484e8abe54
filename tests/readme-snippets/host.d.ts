// What the README snippets take for granted: the host CRM's own objects and helpers. Everything
// the kit provides must come from an import written in the snippet itself.
import type { Express } from 'express';
import type { ComponentType } from 'react';

declare global {
  /** A lead as the host CRM's pages and server hold it. */
  interface Lead {
    id: string;
    name: string;
    firstName: string;
    lastName: string;
    phone: string;
    /** When the lead agreed to be contacted on WhatsApp, if they did. */
    optInDate: Date | null;
  }
  const lead: Lead;
  const App: ComponentType;
  const app: Express;
  const button: HTMLButtonElement;
  const loginButton: HTMLButtonElement;
  const chatButton: HTMLButtonElement;
  const analytics: { track(name: string, data: object): void };
  function showLink(url: string | undefined): void;
  function crmSessionOf(cookie: string | null): Promise<{ id: string } | null>;
  function sessionUser(request: Request): Promise<{ crmUserId: string } | null>;
  const crmLeads: { find(id: string): Promise<Lead | null> };
  function canContact(user: { crmUserId: string }, lead: Lead): boolean;
  function leadFor(crmCustomerId: string, user: { crmUserId: string }): Promise<Lead | null>;
  const email: string;
  const password: string;
  const firstName: string;
  const lastName: string;
  const consentedAt: Date;
}
