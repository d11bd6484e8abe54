import type { Command, HelpOption } from './command';
import { CONFIG_OPTIONS, type ConfigOption } from './resolveConfig';

const HELP_OPTION: HelpOption = { short: 'h', description: 'Show this help.' };

function flagOf(name: string, option: HelpOption): string {
  const value = option.valueName ? ` <${option.valueName}>` : '';
  return `${option.short ? `-${option.short}, ` : ''}--${name}${value}`;
}

function describe(option: HelpOption): string {
  return `${option.description}${option.default === undefined ? '' : ` Default: ${option.default}.`}`;
}

/** Rows of aligned columns, the last one free text. */
function table(rows: readonly (readonly string[])[]): string[] {
  const widths = (rows[0] ?? []).map((_, column) =>
    column === (rows[0] ?? []).length - 1
      ? 0
      : Math.max(...rows.map((row) => (row[column] ?? '').length)) + 2,
  );
  return rows.map(
    (row) => `  ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('')}`,
  );
}

/** The shared settings, each with its variable and flag: the one source of both help tables. */
function settingRows(settings: [string, ConfigOption][]): string[][] {
  return settings.map(([name, option]) => [option.env, flagOf(name, option), describe(option)]);
}

/** `saleschat-kit <command> --help`. */
export function formatCommandHelp(command: Command): string {
  const settings = Object.entries(CONFIG_OPTIONS).filter(
    ([, option]) => !command.delegates && command.uses.includes(option.use),
  );
  const options = { ...command.options, help: HELP_OPTION };
  const lines = [
    `Usage: saleschat-kit ${command.name}${command.arguments ? ` ${command.arguments}` : ''} [options]`,
    '',
    command.summary,
    '',
    command.description,
    '',
    'Options:',
    ...table(
      Object.entries(options).map(([name, option]) => [flagOf(name, option), describe(option)]),
    ),
  ];
  if (settings.length > 0) {
    lines.push(
      '',
      'Configuration (a flag wins over its environment variable):',
      ...table(settingRows(settings)),
    );
  }
  lines.push('', 'Examples:', ...command.examples.map((example) => `  ${example}`));
  return lines.join('\n');
}

/** `saleschat-kit --help`. */
export function formatMainHelp(commands: readonly Command[]): string {
  return [
    'Usage: saleschat-kit <command> [options]',
    '',
    'Provision and operate the Saleschat CRM kit: create Saleschat users for CRM users, link and',
    'unlink them, restore contact mappings, migrate the store, run a fake Saleschat, check a set-up.',
    '',
    'Commands:',
    ...table(commands.map((command) => [command.name, command.summary])),
    '',
    'Configuration, from the environment or a flag (the flag wins):',
    ...table(settingRows(Object.entries(CONFIG_OPTIONS))),
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
