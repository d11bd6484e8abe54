import type { CliIo } from '../src/createOutput';

/** A `CliIo` whose output is kept as text. */
export function captureIo(
  env: Record<string, string | undefined>,
  options: { cwd?: string; signal?: AbortSignal; tty?: boolean } = {},
): CliIo & { stdout: { text: string }; stderr: { text: string } } {
  const stream = (isTTY: boolean) => ({
    text: '',
    isTTY,
    columns: 100,
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
  });
  return {
    stdout: stream(false),
    stderr: stream(options.tty ?? false),
    env,
    cwd: options.cwd ?? process.cwd(),
    signal: options.signal,
  };
}
