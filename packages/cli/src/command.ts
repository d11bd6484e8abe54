import type { CliIo } from './cliIo';
import type { Output } from './createOutput';
import type { CliConfig } from './resolveConfig';

/** One option of a command, as `node:util` parseArgs reads it, with its help text. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Shown in help: `--rate <n>`. */
  valueName?: string;
  description: string;
}

/** Which shared settings a command reads (their flags are accepted and listed in its help). */
export type ConfigUse = 'saleschat' | 'store';

export interface CommandContext {
  /** Positional arguments after the command's name. */
  args: string[];
  values: Record<string, string | boolean | undefined>;
  io: CliIo;
  out: Output;
  /** Flags, environment and defaults; its secrets are already cleared from output. */
  config: CliConfig;
}

export interface Command {
  /** `users import`. */
  name: string;
  summary: string;
  /** `<file.csv|file.json>`. */
  arguments: string;
  /** How many positional arguments it takes. */
  positionals: { min: number; max: number };
  description: string;
  options: Record<string, OptionSpec>;
  uses: readonly ConfigUse[];
  examples: readonly string[];
  /** Resolves to the exit code. */
  run(context: CommandContext): Promise<number>;
}
