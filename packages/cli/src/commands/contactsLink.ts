import { CliError, EXIT, defineCommand, twoIds } from '../command';
import { withReadyStore } from '../openReadyStore';

export const contactsLink = defineCommand({
  name: 'contacts link',
  summary: 'Record which Saleschat contact a CRM lead is (repairs CONTACT_NEEDS_REPAIR).',
  arguments: '<crm_customer_id> <sc_contact_id>',
  positionals: { min: 2, max: 2 },
  description: `Records the lead's Saleschat contact id, for a lead "contacts pending" lists or
whose Chat answers CONTACT_NEEDS_REPAIR: Saleschat holds a contact for it but the proxy does
not know its id, and Saleschat has no lookup by CRM id.

Where to find the id: in Saleschat, the lead's chatroom is named after its CRM id (then its
first and last names); the contact id is the id of that chatroom's contact. The lead's next
Chat then assigns that contact. A lead linked to another contact is only re-linked with --force.`,
  options: {
    force: { type: 'boolean', description: 'Replace a link to another Saleschat contact.' },
    json: { type: 'boolean', description: 'Print the result as JSON.' },
  },
  uses: ['store'],
  examples: [
    'saleschat-kit contacts pending',
    'saleschat-kit contacts link lead-1042 6f1c2b9e-8a37-4d0e-b1f5-3c9d2e7a4b10',
    'saleschat-kit contacts link lead-1042 6f1c2b9e-… --force    # it was linked to another contact',
  ],

  async run({ args, values, out, config }) {
    const [crmCustomerId, scContactId] = twoIds(args);
    return withReadyStore(config.store, async (store) => {
      const previous = (await store.getContact(crmCustomerId))?.scContactId ?? null;
      if (previous !== null && previous !== scContactId && !values.force) {
        throw new CliError(
          `${crmCustomerId} is linked to contact ${previous}. Pass --force to link it to ${scContactId} instead.`,
        );
      }
      if (previous !== scContactId) await store.saveContact(crmCustomerId, scContactId);
      const status = previous === scContactId ? 'already-linked' : 'linked';
      if (values.json) out.json({ crmCustomerId, scContactId, status, previous });
      else
        out.line(
          `${status === 'linked' ? 'Linked' : 'Already linked:'} ${crmCustomerId} to contact ${scContactId}${previous && previous !== scContactId ? ` (was ${previous})` : ''}.`,
        );
      return EXIT.ok;
    });
  },
});
