import { CliError, EXIT } from './cliError';

/** A whole-number flag within bounds, or its default; a usage error says what is allowed. */
export function intOption(
  values: Record<string, string | boolean | undefined>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (typeof raw !== 'string' || !/^\d+$/.test(raw.trim()) || value < min || value > max) {
    throw new CliError(
      `--${name} must be a whole number from ${min} to ${max}, not ${JSON.stringify(raw)}.`,
      EXIT.usage,
    );
  }
  return value;
}
