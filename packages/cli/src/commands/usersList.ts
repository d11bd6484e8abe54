import { EXIT, defineCommand } from '../command';
import { withReadyStore } from '../openReadyStore';

export const usersList = defineCommand({
  name: 'users list',
  summary: 'List CRM users and the Saleschat users they are linked to.',
  arguments: '',
  positionals: { min: 0, max: 0 },
  description: `Prints every CRM user the store knows, by CRM user id, with its Saleschat user id
(or "-" when not linked). Magic links are never printed: they log in whoever opens them.`,
  options: {
    json: { type: 'boolean', description: 'Print a JSON array of { crmUserId, scUserId }.' },
    unlinked: { type: 'boolean', description: 'Only CRM users without a Saleschat user.' },
  },
  uses: ['store'],
  examples: [
    'saleschat-kit users list',
    'saleschat-kit users list --unlinked',
    'saleschat-kit users list --json | jq length',
  ],

  async run({ values, out, config }) {
    return withReadyStore(config.store, async (store) => {
      const users = (await store.listUsers())
        .filter((user) => !values.unlinked || user.scUserId === null)
        .map(({ crmUserId, scUserId }) => ({ crmUserId, scUserId }));
      if (values.json) {
        out.json(users);
        return EXIT.ok;
      }
      const width = Math.max('crm_user_id'.length, ...users.map((user) => user.crmUserId.length));
      out.line(`${'crm_user_id'.padEnd(width)}  sc_user_id`);
      for (const user of users)
        out.line(`${user.crmUserId.padEnd(width)}  ${user.scUserId ?? '-'}`);
      const linked = users.filter((user) => user.scUserId !== null).length;
      out.error(`${users.length} user${users.length === 1 ? '' : 's'}, ${linked} linked.`);
      return EXIT.ok;
    });
  },
});
