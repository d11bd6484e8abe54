/** What replaces a secret in log lines and error messages. */
export const REDACTED = '[redacted]';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A phone written with digits and the usual formatting only: `+91 99999-99999`, `0091…`. */
const PHONE_SECRET = /^[\d\s()+.-]+$/;

/**
 * The pattern that finds one secret. A phone (7+ digits) is found in any format: with `+`,
 * `00` or nothing before its digits, spaced, dashed or bracketed, never as part of a longer
 * number. Anything else (the token, a name) is found as a whole word, with its exact case, so
 * a lead named "Lead" leaves "This lead's chatroom…" alone.
 */
function patternOf(secret: string): RegExp {
  const digits = secret.replace(/\D/g, '');
  if (PHONE_SECRET.test(secret) && digits.length >= 7) {
    const national = digits.replace(/^0+/, '');
    return new RegExp(`(?<!\\d)(?:\\(?(?:\\+|00))?${[...national].join('[\\s().-]*')}(?!\\d)`, 'g');
  }
  return new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegExp(secret)}(?![\\p{L}\\p{N}_])`, 'gu');
}

/**
 * Removes the exact values of the given secrets (the token, a lead's phone in any format, a
 * lead's names as whole words) from a text, and nothing else: the kit's own texts — "This
 * lead's chatroom…", an example number like +919999999999 — stay as written. Secrets shorter
 * than 3 characters are left alone: redacting "Al" would shred ordinary words and protect nothing.
 */
export function redact(text: string, secrets: Iterable<string | null | undefined> = []): string {
  const sorted = [...secrets]
    .filter((secret): secret is string => typeof secret === 'string' && secret.trim().length >= 3)
    .sort((a, b) => b.length - a.length);
  let result = text;
  for (const secret of sorted) result = result.replace(patternOf(secret.trim()), REDACTED);
  return result;
}

/** `redact` applied to every string inside a JSON-like value. */
export function redactValue(
  value: unknown,
  secrets: readonly (string | null | undefined)[],
): unknown {
  if (typeof value === 'string') return redact(value, secrets);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets));
  if (value instanceof Error) return redact(describeError(value), secrets);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, redactValue(item, secrets)]),
    );
  }
  return value;
}

/** An error and its causes as one line (stack traces stay out of logs that hosts ship around). */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    if (current instanceof Error) {
      const code = (current as { code?: unknown }).code;
      parts.push(
        `${current.name}${typeof code === 'string' ? ` ${code}` : ''}: ${current.message}`,
      );
      current = current.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join(' ← ');
}

/** Where log lines go; `console` fits. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export type LogLevel = keyof Logger;

/** Writes one redacted line; `secrets` are removed on top of the log's own (the token). */
export type RedactedLog = (
  level: LogLevel,
  message: string,
  fields?: Record<string, unknown>,
  secrets?: readonly (string | null | undefined)[],
) => void;

/**
 * The one path every log line takes: `secrets` (the token), the line's own secrets (a lead's
 * details) and anything phone-like are removed before `logger` sees the line. A logger that
 * throws is ignored, so logging can never fail a request. `null` drops every line.
 */
export function createRedactedLog(logger: Logger | null, secrets: readonly string[]): RedactedLog {
  return (level, message, fields, more = []) => {
    if (!logger) return;
    const all = [...secrets, ...more];
    try {
      logger[level](
        redact(message, all),
        fields && (redactValue(fields, all) as Record<string, unknown>),
      );
    } catch {
      // A broken logger must not turn a good answer into an error.
    }
  };
}
