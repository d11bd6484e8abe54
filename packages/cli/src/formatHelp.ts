import type { Command, ConfigUse, OptionSpec } from './command';
import { COMMANDS } from './commandList';
import { DEFAULT_BASE_URL } from './resolveConfig';

/** The shared settings: their flags, and the environment variable each one overrides. */
export const CONFIG_OPTIONS: Record<string, OptionSpec & { use: ConfigUse }> = {
  'org-id': {
    use: 'saleschat',
    type: 'string',
    valueName: 'id',
    description: 'The Saleschat organisation. Env: SALESCHAT_ORG_ID.',
  },
  'base-url': {
    use: 'saleschat',
    type: 'string',
    valueName: 'url',
    description: `The Saleschat API. Env: SALESCHAT_BASE_URL. Default: ${DEFAULT_BASE_URL}.`,
  },
  'token-file': {
    use: 'saleschat',
    type: 'string',
    valueName: 'file',
    description:
      'A file holding the admin token. Env: SALESCHAT_API_TOKEN (there is no --token: flags show in the process list).',
  },
  'database-url': {
    use: 'store',
    type: 'string',
    valueName: 'url',
    description: 'PostgreSQL store, postgres://user:password@host/db. Env: DATABASE_URL.',
  },
  'data-dir': {
    use: 'store',
    type: 'string',
    valueName: 'dir',
    description:
      'Folder of the embedded store, used without a database URL. Env: SALESCHAT_DATA_DIR. Default: ./.data/saleschat.',
  },
};

function optionLines(options: Record<string, OptionSpec>): string[] {
  const entries = Object.entries(options).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.valueName ? ` <${spec.valueName}>` : ''}`;
    return [flag, spec.description] as const;
  });
  const width = Math.max(...entries.map(([flag]) => flag.length)) + 2;
  return entries.map(([flag, description]) => `  ${flag.padEnd(width)}${description}`);
}

/** `saleschat-kit <command> --help`. */
export function formatCommandHelp(command: Command): string {
  const config = Object.fromEntries(
    Object.entries(CONFIG_OPTIONS).filter(([, spec]) => command.uses.includes(spec.use)),
  );
  const lines = [
    `Usage: saleschat-kit ${command.name}${command.arguments ? ` ${command.arguments}` : ''} [options]`,
    '',
    command.summary,
    '',
    command.description,
    '',
    'Options:',
    ...optionLines({
      ...command.options,
      help: { type: 'boolean', short: 'h', description: 'Show this help.' },
    }),
  ];
  if (Object.keys(config).length > 0) {
    lines.push(
      '',
      'Configuration (a flag wins over its environment variable):',
      ...optionLines(config),
    );
  }
  lines.push('', 'Examples:', ...command.examples.map((example) => `  ${example}`));
  return lines.join('\n');
}

/** `saleschat-kit --help`. */
export function formatMainHelp(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length)) + 2;
  return [
    'Usage: saleschat-kit <command> [options]',
    '',
    'Provision and operate the Saleschat CRM kit: create Saleschat users for CRM users, link and',
    'unlink them, restore contact mappings, migrate the store, run a fake Saleschat, check a set-up.',
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}${command.summary}`),
    '',
    'Configuration, from flags or the environment:',
    "  SALESCHAT_API_TOKEN   the organisation's admin token (or --token-file); never printed",
    '  SALESCHAT_ORG_ID      the organisation (or --org-id)',
    `  SALESCHAT_BASE_URL    the API (or --base-url); default ${DEFAULT_BASE_URL}`,
    '  DATABASE_URL          a PostgreSQL store (or --database-url); without it, the embedded store',
    "  SALESCHAT_DATA_DIR    the embedded store's folder (or --data-dir); default ./.data/saleschat",
    '',
    'Examples:',
    '  saleschat-kit doctor',
    '  saleschat-kit users import agents.csv --dry-run',
    '  saleschat-kit users import agents.csv',
    '  saleschat-kit users list --unlinked',
    '',
    "Run `saleschat-kit <command> --help` for a command's options and examples.",
  ].join('\n');
}
