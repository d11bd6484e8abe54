import type { CliIo, Output } from './createOutput';
import type { CliConfig, ConfigFlags, ConfigUse } from './resolveConfig';

/** Exit codes: 1 a row or check failed, 2 the command line or an input file is wrong, 130 interrupted. */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

/** A failure the CLI reports as one message (no stack trace) with its exit code. */
export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
  }
}

/** What help shows of an option: a command's, a setting's, or one the fake declares. */
export interface HelpOption {
  short?: string;
  /** Shown in help: `--rate <n>`. */
  valueName?: string;
  description: string;
  /** Shown in help as "Default: …"; none when absent. */
  default?: string | number;
}

/**
 * One option of a command, as the command line reads it: a flag, a text (optionally one of
 * `choices`), or a whole number within bounds (its default applies when the flag is absent).
 */
export type OptionSpec =
  | (HelpOption & { type: 'boolean'; default?: never })
  | (HelpOption & { type: 'string'; valueName: string; choices?: readonly string[] })
  | (HelpOption & { type: 'int'; valueName: string; min: number; max: number; default: number });

export type Options = Record<string, OptionSpec>;

type ValueOf<Spec extends OptionSpec> = Spec extends { type: 'boolean' }
  ? boolean
  : Spec extends { type: 'int' }
    ? number
    : Spec extends { choices: readonly (infer Choice)[] }
      ? Choice | undefined
      : string | undefined;

/** A command's option values, typed from its option table. */
export type OptionValues<O extends Options> = { [Name in keyof O]: ValueOf<O[Name]> };

export interface CommandContext<O extends Options = Options> {
  /** Positional arguments after the command's name. */
  args: string[];
  values: OptionValues<O>;
  io: CliIo;
  out: Output;
  /** Flags, environment and defaults; its secrets are already cleared from output. */
  config: CliConfig;
  /** The shared settings' flags as given, for a command that reads settings of its own use. */
  flags: ConfigFlags;
}

interface CommandHelp {
  /** `users import`. */
  name: string;
  summary: string;
  /** `<file.csv|file.json>`. */
  arguments: string;
  description: string;
  examples: readonly string[];
}

/** A command whose command line `runCli` reads from its option table. */
export interface ParsedCommand<O extends Options = Options> extends CommandHelp {
  delegates?: false;
  /** How many positional arguments it takes. */
  positionals: { min: number; max: number };
  options: O;
  /** Which shared settings it reads (their flags are accepted and listed in its help). */
  uses: readonly ConfigUse[];
  /** Resolves to the exit code. */
  run(context: CommandContext<O>): Promise<number>;
}

/** A command that hands its arguments, unread, to another package's command line (`fake`). */
export interface DelegatingCommand extends CommandHelp {
  delegates: true;
  /** The other command line's options, for help only. */
  options: Record<string, HelpOption>;
  /** Resolves to the exit code. */
  run(context: { args: string[]; io: CliIo; out: Output }): Promise<number>;
}

export type Command = ParsedCommand | DelegatingCommand;

/** The two ids a link command takes, or a usage error when either is blank. */
export function twoIds(args: string[]): [string, string] {
  const [first = '', second = ''] = args;
  if (first.trim() === '' || second.trim() === '') {
    throw new CliError('Both ids must be non-empty.', EXIT.usage);
  }
  return [first, second];
}

/** Declares a command; its `run` gets values typed from its `options`. */
export function defineCommand<const O extends Options>(
  command: ParsedCommand<O>,
): ParsedCommand<O> {
  return command;
}
