import type { Logger, LogLevel } from '@saleschat-kit/saleschat-client';
import type { ProxyLogger } from './types';

/**
 * The `logger` option as the proxy writes to it: every line goes through the client's
 * redacting log as `info(message, fields)`, and this turns that into what the host's logger
 * takes.
 */

/** A pino-shaped logger: the line's fields first, then its message. */
function isPinoShaped(logger: ProxyLogger): boolean {
  // pino's loggers (children included) have `bindings()`; console and winston have not.
  return typeof (logger as { bindings?: unknown }).bindings === 'function';
}

/**
 * A logger writing one JSON object per line (`time`, `level`, `message`, then the fields), which
 * log collectors read without a parser of their own. `saleschat-kit serve` writes with it too.
 */
export function jsonLineLogger(write: (line: string, level: LogLevel) => void): Logger {
  const at =
    (level: LogLevel) =>
    (message: string, fields?: Record<string, unknown>): void =>
      write(JSON.stringify({ time: new Date().toISOString(), level, message, ...fields }), level);
  return { info: at('info'), warn: at('warn'), error: at('error') };
}

/** The default: JSON lines on the console's stream for their level. */
const jsonLines = jsonLineLogger((line, level) => console[level](line));

/** The logger the proxy and its Saleschat client write to; `null` for none. */
export function loggerOf(option: ProxyLogger | null | undefined): Logger | null {
  if (option === null) return null;
  if (option === undefined) return jsonLines;
  if (!isPinoShaped(option)) return option as Logger;
  const pino = option as unknown as Record<LogLevel, (fields: object, message: string) => void>;
  return {
    info: (message, fields) => pino.info(fields ?? {}, message),
    warn: (message, fields) => pino.warn(fields ?? {}, message),
    error: (message, fields) => pino.error(fields ?? {}, message),
  };
}
