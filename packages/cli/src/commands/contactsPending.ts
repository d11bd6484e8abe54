import { EXIT, defineCommand } from '../command';
import { withReadyStore } from '../openReadyStore';

export const contactsPending = defineCommand({
  name: 'contacts pending',
  summary: 'List leads whose Saleschat contact may exist without a recorded id.',
  arguments: '',
  positionals: { min: 0, max: 0 },
  description: `Prints every lead the proxy sent a contact create for without recording the
contact's id: the proxy stopped before Saleschat's answer (a crash, a database outage), or
Saleschat's answer had no readable id.

"needs-repair": Saleschat refused a new create as a duplicate without naming its contact, or
said yes without an id. The lead's Chat answers CONTACT_NEEDS_REPAIR until an operator links
it: find the contact in Saleschat (its chatroom is named after the lead's CRM id), then run
saleschat-kit contacts link <crm_customer_id> <sc_contact_id>.
"unknown": the outcome was never seen; the lead's next Chat settles it by itself.`,
  options: {
    json: {
      type: 'boolean',
      description: 'Print a JSON array of { crmCustomerId, requestedAt, status }.',
    },
  },
  uses: ['store'],
  examples: ['saleschat-kit contacts pending', 'saleschat-kit contacts pending --json | jq length'],

  async run({ values, out, config }) {
    return withReadyStore(config.store, async (store) => {
      const pending = (await store.listPendingContacts()).map((entry) => ({
        crmCustomerId: entry.crmCustomerId,
        requestedAt: entry.requestedAt.toISOString(),
        status: entry.needsRepairSince === null ? 'unknown' : 'needs-repair',
      }));
      if (values.json) {
        out.json(pending);
        return EXIT.ok;
      }
      const width = Math.max(
        'crm_customer_id'.length,
        ...pending.map((p) => p.crmCustomerId.length),
      );
      out.line(`${'crm_customer_id'.padEnd(width)}  ${'status'.padEnd(12)}  create requested at`);
      for (const entry of pending) {
        out.line(
          `${entry.crmCustomerId.padEnd(width)}  ${entry.status.padEnd(12)}  ${entry.requestedAt}`,
        );
      }
      const repair = pending.filter((entry) => entry.status === 'needs-repair').length;
      out.error(`${pending.length} pending, ${repair} needing an operator to link them.`);
      return EXIT.ok;
    });
  },
});
