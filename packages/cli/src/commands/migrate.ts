import { EXIT, defineCommand } from '../command';
import { openReadyStore } from '../openReadyStore';

export const migrate = defineCommand({
  name: 'migrate',
  summary: "Create or update the store's tables.",
  arguments: '',
  positionals: { min: 0, max: 0 },
  description: `Applies the store's pending migrations (numbered, each in its own transaction, each
applied once even when several processes start together). The proxy also applies them when it
starts; run this to do it ahead of a deploy, or to create the embedded store's folder.`,
  options: {
    json: { type: 'boolean', description: 'Print the result as JSON.' },
  },
  uses: ['store'],
  examples: [
    'saleschat-kit migrate',
    'DATABASE_URL=postgres://kit@db/crm saleschat-kit migrate',
    'saleschat-kit migrate --data-dir /var/lib/crm/saleschat',
  ],

  async run({ values, out, config }) {
    const store = await openReadyStore(config.store);
    await store.close();
    if (values.json) out.json({ store: config.store.label, upToDate: true });
    else out.line(`${config.store.label} is up to date.`);
    return EXIT.ok;
  },
});
