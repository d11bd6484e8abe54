import { EXIT, defineCommand } from '../command';
import { reportModeOf } from '../createImportReporter';
import { openReadyStore } from '../openReadyStore';
import { readRowsFile } from '../readRowsFile';
import { CONTACT_ROWS } from '../validateContactRows';

type ContactStatus =
  'saved' | 'unchanged' | 'replaced' | 'conflict' | 'would-save' | 'would-replace';

export const contactsImport = defineCommand({
  name: 'contacts import',
  summary: 'Restore CRM customer → Saleschat contact mappings.',
  arguments: '<file.csv|file.json>',
  positionals: { min: 1, max: 1 },
  description: `Reads rows of crm_customer_id, sc_contact_id and records each mapping in the store.
This is the recovery path for a contact that exists in Saleschat but not in the store (its Chat
button fails with 4090001): Saleschat cannot look contacts up by crm_id, so the ids come from
Saleschat's dashboard or an export. Nothing is sent to Saleschat.

Every row is checked first (no customer or contact twice). A customer already mapped to the same
contact is left as it is; one mapped to another contact is a conflict, replaced only with
--force (its recorded assignee is then forgotten).`,
  options: {
    'dry-run': {
      type: 'boolean',
      description: 'Check the file and show what would change; write nothing.',
    },
    force: { type: 'boolean', description: 'Replace mappings to other contacts.' },
    format: {
      type: 'string',
      valueName: 'csv|json',
      choices: ['csv', 'json'],
      description: 'File format. Default: from the file name (.json is JSON, anything else CSV).',
    },
    json: { type: 'boolean', description: 'Print one JSON line per row and a summary.' },
  },
  uses: ['store'],
  examples: [
    'saleschat-kit contacts import contacts.csv --dry-run',
    'saleschat-kit contacts import contacts.csv',
    'DATABASE_URL=postgres://kit@db/crm saleschat-kit contacts import contacts.json --force',
  ],

  async run(context) {
    const { values, out, config } = context;
    const mode = reportModeOf(out, values.json);
    const dryRun = values['dry-run'];
    const force = values.force;

    const read = await readRowsFile(CONTACT_ROWS, context);
    if (!read) return EXIT.usage;

    const store = await openReadyStore(config.store);
    const tally = new Map<ContactStatus, number>();
    try {
      for (const row of read.rows) {
        const existing = await store.getContact(row.crmCustomerId);
        let status: ContactStatus;
        if (existing?.scContactId === row.scContactId) status = 'unchanged';
        else if (existing && !force) status = 'conflict';
        else if (dryRun) status = existing ? 'would-replace' : 'would-save';
        else {
          await store.saveContact(row.crmCustomerId, row.scContactId);
          status = existing ? 'replaced' : 'saved';
        }
        tally.set(status, (tally.get(status) ?? 0) + 1);
        const previous =
          existing && existing.scContactId !== row.scContactId ? existing.scContactId : null;
        if (mode === 'json') out.json({ event: 'row', ...row, status, previous });
        else if (status === 'conflict') {
          out.line(
            `line ${row.line}  ${row.crmCustomerId}  CONFLICT: mapped to ${existing?.scContactId}, the file says ${row.scContactId} (--force replaces it)`,
          );
        } else if (mode === 'plain') {
          out.line(
            `line ${row.line}  ${row.crmCustomerId}  ${status}${previous ? ` (was ${previous})` : ''}`,
          );
        }
      }
    } finally {
      await store.close();
    }
    const n = (status: ContactStatus) => tally.get(status) ?? 0;
    if (mode === 'json') {
      out.json({
        event: 'summary',
        dryRun,
        saved: n('saved'),
        replaced: n('replaced'),
        unchanged: n('unchanged'),
        conflicts: n('conflict'),
        wouldSave: n('would-save'),
        wouldReplace: n('would-replace'),
      });
    } else if (dryRun) {
      out.line(
        `Dry run: ${n('would-save')} would be saved, ${n('would-replace')} replaced, ${n('unchanged')} unchanged, ${n('conflict')} conflicts. Nothing was written.`,
      );
    } else {
      out.line(
        `${n('saved')} saved, ${n('replaced')} replaced, ${n('unchanged')} unchanged, ${n('conflict')} conflicts.`,
      );
    }
    return n('conflict') > 0 ? EXIT.failed : EXIT.ok;
  },
});
