import { createEmbeddedStore, createPostgresStore } from '../../src/index';
import { contactsPending, type FakeProcess, type StoreOption } from './faultProcesses';

/** Where every contact the fake created stands in the proxy's records. */
export interface ContactAccount {
  /** Contacts the fake holds. */
  createdUpstream: number;
  /** Of those, the ones whose id the store records for their lead. */
  mapped: number;
  /** Of those, the ones not mapped whose lead `saleschat-kit contacts pending` lists. */
  pending: number;
  /** Neither mapped nor listed: a contact nobody would find again. Goal 0. */
  stuck: number;
  /** The CRM ids of the stuck ones, for a failure message. */
  stuckLeads: string[];
  /** Every lead `contacts pending` lists, whether Saleschat holds its contact or not. */
  pendingLeads: number;
  /** Of those, the ones marked for an operator (`needs-repair`). */
  needsRepair: number;
}

/**
 * Compares the fake's contacts with the store's mappings (read with the store's own queries)
 * and with what the real `saleschat-kit contacts pending` lists. No proxy may hold an embedded
 * store while this runs.
 */
export async function accountForContacts(
  fake: FakeProcess,
  store: StoreOption,
): Promise<ContactAccount> {
  const contacts = await fake.contacts();
  const pending = await contactsPending(store);
  const listed = new Set(pending.map((entry) => entry.crmCustomerId));
  const opened = 'dataDir' in store ? createEmbeddedStore(store) : createPostgresStore(store);
  const mappedIds = new Set<string>();
  try {
    await opened.ready();
    for (const contact of contacts) {
      if ((await opened.getContact(contact.crmId))?.scContactId === contact.id) {
        mappedIds.add(contact.id);
      }
    }
  } finally {
    await opened.close();
  }
  const unmapped = contacts.filter((contact) => !mappedIds.has(contact.id));
  const stuckLeads = unmapped
    .filter((contact) => !listed.has(contact.crmId))
    .map((contact) => contact.crmId);
  return {
    createdUpstream: contacts.length,
    mapped: mappedIds.size,
    pending: unmapped.length - stuckLeads.length,
    stuck: stuckLeads.length,
    stuckLeads,
    pendingLeads: pending.length,
    needsRepair: pending.filter((entry) => entry.status === 'needs-repair').length,
  };
}
