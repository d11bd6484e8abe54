import { redact } from '@saleschat-kit/saleschat-client';

/** Where the CLI writes: `process.stdout` and `process.stderr` fit. */
export interface CliStream {
  write(text: string): unknown;
  /** A terminal gets a progress bar; a pipe or file gets plain lines. Default: false. */
  isTTY?: boolean;
  /** Terminal width, for the progress bar. Default: 80. */
  columns?: number;
}

/** Everything the CLI touches outside itself, so tests can run it in-process. */
export interface CliIo {
  /** Results: lines, or JSON lines with `--json`. Required. */
  stdout: CliStream;
  /** Errors, warnings and progress. Required. */
  stderr: CliStream;
  /** Environment variables (`SALESCHAT_API_TOKEN`, `DATABASE_URL`, …). */
  env: Record<string, string | undefined>;
  /** Folder relative paths (files, the embedded store) are resolved from. */
  cwd: string;
  /** Aborted on Ctrl-C: long commands stop starting work, finish what is under way, and report. Default: never. */
  signal?: AbortSignal;
}

/** The CLI's one way to write: every text is cleared of secrets on its way out. */
export interface Output {
  /** A line on stdout. */
  line(text?: string): void;
  /** A line on stderr (errors, warnings, progress). */
  error(text: string): void;
  /** Raw text on stderr, for the progress bar's redraws. */
  errorRaw(text: string): void;
  /** One JSON value on one stdout line. */
  json(value: unknown): void;
  /** Adds texts (the token once it is known, a database password) to clear from output. */
  addSecrets(secrets: readonly string[]): void;
  /** Whether stderr is a terminal (a progress bar can be drawn there). */
  readonly stderrIsTTY: boolean;
  readonly columns: number;
}

export function createOutput(io: CliIo): Output {
  const secrets: string[] = [];
  const clean = (text: string) => redact(text, secrets);
  return {
    line: (text = '') => void io.stdout.write(`${clean(text)}\n`),
    error: (text) => void io.stderr.write(`${clean(text)}\n`),
    errorRaw: (text) => void io.stderr.write(clean(text)),
    json: (value) => void io.stdout.write(`${clean(JSON.stringify(value))}\n`),
    addSecrets(more) {
      secrets.push(...more);
    },
    stderrIsTTY: io.stderr.isTTY === true,
    columns: io.stderr.columns ?? 80,
  };
}
