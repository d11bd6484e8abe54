import { EXIT, defineCommand } from '../command';
import { withReadyStore } from '../openReadyStore';

export const usersUnlink = defineCommand({
  name: 'users unlink',
  summary: 'Forget which Saleschat user a CRM user is.',
  arguments: '<crm_user_id>',
  positionals: { min: 1, max: 1 },
  description: `Removes a CRM user's link (and cached magic link). Their Login button then answers
USER_NOT_LINKED. Nothing changes in Saleschat.`,
  options: {
    json: { type: 'boolean', description: 'Print the result as JSON.' },
  },
  uses: ['store'],
  examples: [
    'saleschat-kit users unlink crm-42',
    'DATABASE_URL=postgres://kit@db/crm saleschat-kit users unlink crm-42',
  ],

  async run({ args, values, out, config }) {
    const crmUserId = args[0] as string;
    return withReadyStore(config.store, async (store) => {
      const previous = (await store.getUser(crmUserId))?.scUserId ?? null;
      if (previous !== null) await store.unlinkUser(crmUserId);
      if (values.json) {
        out.json({ crmUserId, status: previous === null ? 'not-linked' : 'unlinked', previous });
      } else {
        out.line(
          previous === null
            ? `${crmUserId} is not linked: nothing to do.`
            : `Unlinked ${crmUserId} (was ${previous}).`,
        );
      }
      return EXIT.ok;
    });
  },
});
