import { parseArgs } from 'node:util';
import { describeError } from './describeError';
import { CliError, EXIT } from './cliError';
import type { CliIo } from './cliIo';
import type { Command } from './command';
import { COMMANDS } from './commandList';
import { createOutput } from './createOutput';
import { CONFIG_OPTIONS, formatCommandHelp, formatMainHelp } from './formatHelp';
import { resolveConfig, type ConfigFlags } from './resolveConfig';
import { VERSION } from './version';

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

/**
 * Runs one `saleschat-kit` command line and resolves to its exit code. Never throws: every
 * failure is printed (without the token) and mapped to an exit code.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const out = createOutput(io);
  // The token is cleared from output even before the command reads it.
  const envToken = io.env.SALESCHAT_API_TOKEN?.trim();
  if (envToken) out.addSecrets([envToken]);

  try {
    const first = argv[0];
    if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
      const topic = first === 'help' ? findCommand(argv.slice(1)) : undefined;
      out.line(topic ? formatCommandHelp(topic.command) : formatMainHelp());
      return first === undefined ? EXIT.usage : EXIT.ok;
    }
    if (first === '--version' || first === '-v') {
      out.line(VERSION);
      return EXIT.ok;
    }
    const found = findCommand(argv);
    if (!found) {
      throw new CliError(
        `Unknown command: ${argv.slice(0, 2).join(' ')}.${suggestion(argv)} Run \`saleschat-kit --help\` for the list.`,
        EXIT.usage,
      );
    }
    const { command, rest } = found;
    const configOptions = Object.fromEntries(
      Object.entries(CONFIG_OPTIONS)
        .filter(([, spec]) => command.uses.includes(spec.use))
        .map(([name, spec]) => [name, { type: spec.type }]),
    );
    let parsed;
    try {
      parsed = parseArgs({
        args: [...rest],
        options: {
          ...Object.fromEntries(
            Object.entries(command.options).map(([name, spec]) => [
              name,
              spec.short ? { type: spec.type, short: spec.short } : { type: spec.type },
            ]),
          ),
          ...configOptions,
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
    const { values, positionals } = parsed;
    if (values.help) {
      out.line(formatCommandHelp(command));
      return EXIT.ok;
    }
    const { min, max } = command.positionals;
    if (positionals.length < min || positionals.length > max) {
      throw new CliError(
        `saleschat-kit ${command.name} takes ${command.arguments || 'no arguments'}${positionals.length > max ? `, not ${positionals.slice(max).join(' ')}` : ''}.\nRun \`saleschat-kit ${command.name} --help\` for examples.`,
        EXIT.usage,
      );
    }
    const config = resolveConfig(values as ConfigFlags, io.env, io.cwd);
    out.addSecrets(config.secrets);
    return await command.run({
      args: positionals,
      values: values as Record<string, string | boolean | undefined>,
      io,
      out,
      config,
    });
  } catch (error) {
    if (error instanceof CliError) {
      out.error(error.message);
      return error.exitCode;
    }
    out.error(`Unexpected error: ${describeError(error)}`);
    return EXIT.failed;
  }
}
