import { redact, redactValue } from './redact';

/** Where the proxy writes its log lines; `console` fits. */
export interface ProxyLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export type LogLevel = keyof ProxyLogger;

/** Writes one redacted line; `secrets` are this request's lead details, on top of the token. */
export type ProxyLog = (
  level: LogLevel,
  message: string,
  fields?: Record<string, unknown>,
  secrets?: readonly (string | null | undefined)[],
) => void;

/**
 * The one path every log line takes: the token, the request's lead details and anything
 * phone-like are removed before the host's logger sees the line. A logger that throws is
 * ignored, so logging can never fail a request.
 */
export function createProxyLog(logger: ProxyLogger | null, token: string): ProxyLog {
  return (level, message, fields, secrets = []) => {
    if (!logger) return;
    const all = [token, ...secrets];
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
