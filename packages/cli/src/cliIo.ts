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
  stdout: CliStream;
  stderr: CliStream;
  /** Environment variables (`SALESCHAT_API_TOKEN`, `DATABASE_URL`, …). */
  env: Record<string, string | undefined>;
  /** Folder relative paths (files, the embedded store) are resolved from. */
  cwd: string;
  /** Aborted on Ctrl-C: long commands stop starting work, finish what is under way, and report. Default: never. */
  signal?: AbortSignal;
}
