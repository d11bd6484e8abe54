import { SaleschatError } from '@saleschat-kit/core';
import { CliError, EXIT, defineCommand, twoIds } from '../command';
import { createCliApi } from '../createCliApi';
import { withReadyStore } from '../openReadyStore';
import { describeSaleschatProblems, requireSaleschat } from '../resolveConfig';

export const usersLink = defineCommand({
  name: 'users link',
  summary: 'Record which Saleschat user a CRM user is.',
  arguments: '<crm_user_id> <sc_user_id>',
  positionals: { min: 2, max: 2 },
  description: `Links a CRM user to an existing Saleschat user: their Login button then opens that
user's dashboard. Use it for users made outside "users import", and for a row the import
reports as "created earlier, id unknown" (find the id in Saleschat).

When the Saleschat settings are configured, the id is checked first (one magic-link request):
an id that is not in the organisation is refused. A CRM user linked to another Saleschat user
is only re-linked with --force.`,
  options: {
    force: { type: 'boolean', description: 'Replace a link to another Saleschat user.' },
    'skip-check': {
      type: 'boolean',
      description: 'Do not ask Saleschat whether the id is in the organisation.',
    },
    json: { type: 'boolean', description: 'Print the result as JSON.' },
  },
  uses: ['saleschat', 'store'],
  examples: [
    'saleschat-kit users link crm-42 9b2f0c1e-5d7a-4c1b-9a43-2f7d4c1e8a10',
    'saleschat-kit users link crm-42 9b2f0c1e-… --force    # it was linked to someone else',
    'saleschat-kit users link crm-42 9b2f0c1e-… --skip-check --data-dir ./.data/saleschat',
  ],

  async run({ args, values, out, config }) {
    const [crmUserId, scUserId] = twoIds(args);
    let checked = false;
    if (!values['skip-check']) {
      if (describeSaleschatProblems(config).length > 0) {
        out.error(
          'Not checked with Saleschat (no SALESCHAT_API_TOKEN / SALESCHAT_ORG_ID): make sure the id is right.',
        );
      } else {
        const api = createCliApi({ ...requireSaleschat(config), timeoutMs: 15_000 });
        let member: boolean;
        try {
          member = await api.isOrgMember(scUserId);
        } catch (caught) {
          throw new CliError(
            `Could not check the id with Saleschat: ${SaleschatError.from(caught).message}\nFix: run \`saleschat-kit doctor\`, or pass --skip-check.`,
          );
        }
        if (!member) {
          throw new CliError(
            `Saleschat has no user ${scUserId} in the organisation: check the id (or add the user to the organisation), or pass --skip-check.`,
          );
        }
        checked = true;
      }
    }

    return withReadyStore(config.store, async (store) => {
      const previous = (await store.getUser(crmUserId))?.scUserId ?? null;
      if (previous === scUserId) {
        if (values.json) out.json({ crmUserId, scUserId, status: 'already-linked', checked });
        else out.line(`${crmUserId} is already linked to ${scUserId}.`);
        return EXIT.ok;
      }
      if (previous !== null && !values.force) {
        throw new CliError(
          `${crmUserId} is linked to ${previous}. Pass --force to link it to ${scUserId} instead.`,
        );
      }
      await store.linkUser(crmUserId, scUserId);
      if (values.json) {
        out.json({ crmUserId, scUserId, status: 'linked', previous, checked });
      } else {
        out.line(
          `Linked ${crmUserId} to ${scUserId}${previous === null ? '' : ` (was ${previous})`}${checked ? '' : ' (not checked with Saleschat)'}.`,
        );
      }
      return EXIT.ok;
    });
  },
});
