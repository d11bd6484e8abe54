import { parseArgs } from 'node:util';
import { describeError } from '@saleschat-kit/saleschat-client';
import manifest from '../package.json' with { type: 'json' };
import {
  CliError,
  EXIT,
  type Command,
  type OptionSpec,
  type OptionValues,
  type Options,
  type ParsedCommand,
} from './command';
import { contactsImport } from './commands/contactsImport';
import { contactsLink } from './commands/contactsLink';
import { contactsPending } from './commands/contactsPending';
import { doctor } from './commands/doctor';
import { fake } from './commands/fake';
import { migrate } from './commands/migrate';
import { serve } from './commands/serve';
import { usersImport } from './commands/usersImport';
import { usersLink } from './commands/usersLink';
import { usersList } from './commands/usersList';
import { usersUnlink } from './commands/usersUnlink';
import { verifyProxy } from './commands/verifyProxy';
import { createOutput, type CliIo, type Output } from './createOutput';
import { formatCommandHelp, formatMainHelp } from './formatHelp';
import { CONFIG_OPTIONS, resolveConfig, type ConfigFlags, type ConfigName } from './resolveConfig';

/** Every command, in the order help lists them. */
export const COMMANDS: readonly Command[] = [
  usersImport,
  usersLink,
  usersList,
  usersUnlink,
  contactsImport,
  contactsPending,
  contactsLink,
  migrate,
  doctor,
  fake,
  serve,
  verifyProxy,
];

/** The command whose name the arguments start with (`users import` before `users`). */
function findCommand(argv: readonly string[]): { command: Command; rest: string[] } | undefined {
  for (const command of COMMANDS) {
    const words = command.name.split(' ');
    if (words.every((word, index) => argv[index] === word)) {
      return { command, rest: argv.slice(words.length) };
    }
  }
  return undefined;
}

function suggestion(argv: readonly string[]): string {
  const start = argv
    .filter((arg) => !arg.startsWith('-'))
    .slice(0, 2)
    .join(' ');
  const close = COMMANDS.filter(
    (command) =>
      command.name.startsWith(argv[0] ?? '\0') ||
      start.startsWith(command.name.split(' ')[0] ?? '\0'),
  ).map((command) => command.name);
  return close.length > 0 ? ` Did you mean: ${close.join(', ')}?` : '';
}

/** An option's value as its table types it; a usage error says what is allowed. */
function readValue(name: string, spec: OptionSpec, raw: string | boolean | undefined): unknown {
  if (spec.type === 'boolean') return raw === true;
  if (typeof raw !== 'string') return spec.type === 'int' ? spec.default : undefined;
  if (spec.type === 'string') {
    if (spec.choices && !spec.choices.includes(raw)) {
      throw new CliError(`--${name} must be ${spec.choices.join(' or ')}.`, EXIT.usage);
    }
    return raw;
  }
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < spec.min || value > spec.max) {
    throw new CliError(
      `--${name} must be a whole number from ${spec.min} to ${spec.max}, not ${JSON.stringify(raw)}.`,
      EXIT.usage,
    );
  }
  return value;
}

/** A command line read against the command's options and the settings it uses. */
function readCommandLine<O extends Options>(command: ParsedCommand<O>, argv: readonly string[]) {
  const settings = (Object.keys(CONFIG_OPTIONS) as ConfigName[]).filter((name) =>
    command.uses.includes(CONFIG_OPTIONS[name].use),
  );
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        ...Object.fromEntries(
          Object.entries(command.options).map(([name, spec]) => [
            name,
            {
              type: spec.type === 'boolean' ? 'boolean' : 'string',
              ...(spec.short ? { short: spec.short } : {}),
            } as const,
          ]),
        ),
        ...Object.fromEntries(settings.map((name) => [name, { type: 'string' } as const])),
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new CliError(
      `${(error as Error).message}\nRun \`saleschat-kit ${command.name} --help\` for its options.`,
      EXIT.usage,
    );
  }
  // parseArgs cannot type options built from a table: the table types them below.
  const values: Record<string, string | boolean | undefined> = parsed.values;
  const flags: ConfigFlags = {};
  for (const name of settings) {
    const value = values[name];
    if (typeof value === 'string') flags[name] = value;
  }
  return {
    help: values.help === true,
    args: parsed.positionals,
    flags,
    // The one place the table's types meet the parsed strings: each value is checked above.
    values: Object.fromEntries(
      Object.entries(command.options).map(([name, spec]) => [
        name,
        readValue(name, spec, values[name]),
      ]),
    ) as OptionValues<O>,
  };
}

async function runCommand(
  command: Command,
  argv: readonly string[],
  io: CliIo,
  out: Output,
): Promise<number> {
  if (command.delegates) {
    if (argv.includes('--help') || argv.includes('-h')) {
      out.line(formatCommandHelp(command));
      return EXIT.ok;
    }
    return command.run({ args: [...argv], io, out });
  }
  const line = readCommandLine(command, argv);
  if (line.help) {
    out.line(formatCommandHelp(command));
    return EXIT.ok;
  }
  const { min, max } = command.positionals;
  if (line.args.length < min || line.args.length > max) {
    throw new CliError(
      `saleschat-kit ${command.name} takes ${command.arguments || 'no arguments'}${line.args.length > max ? `, not ${line.args.slice(max).join(' ')}` : ''}.\nRun \`saleschat-kit ${command.name} --help\` for examples.`,
      EXIT.usage,
    );
  }
  const config = resolveConfig(line.flags, io.env, io.cwd);
  out.addSecrets(config.secrets);
  return command.run({ args: line.args, values: line.values, io, out, config, flags: line.flags });
}

/**
 * Runs one `saleschat-kit` command line and resolves to its exit code. Never throws: every
 * failure is printed (without the token) and mapped to an exit code.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const out = createOutput(io);
  // The token is cleared from output even before the command reads it.
  const envToken = io.env[CONFIG_OPTIONS['token-file'].env]?.trim();
  if (envToken) out.addSecrets([envToken]);

  try {
    const first = argv[0];
    if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
      const topic = first === 'help' ? findCommand(argv.slice(1)) : undefined;
      out.line(topic ? formatCommandHelp(topic.command) : formatMainHelp(COMMANDS));
      return first === undefined ? EXIT.usage : EXIT.ok;
    }
    if (first === '--version' || first === '-v') {
      out.line(manifest.version);
      return EXIT.ok;
    }
    const found = findCommand(argv);
    if (!found) {
      throw new CliError(
        `Unknown command: ${argv.slice(0, 2).join(' ')}.${suggestion(argv)} Run \`saleschat-kit --help\` for the list.`,
        EXIT.usage,
      );
    }
    return await runCommand(found.command, found.rest, io, out);
  } catch (error) {
    if (error instanceof CliError) {
      out.error(error.message);
      return error.exitCode;
    }
    out.error(`Unexpected error: ${describeError(error)}`);
    return EXIT.failed;
  }
}
