import { resolve } from 'node:path';
import { CliError, EXIT } from '../command';
import {
  blankToUndefined,
  CONFIG_OPTIONS,
  readSecretFile,
  type ConfigFlags,
  type ConfigName,
} from '../resolveConfig';

/** How `serve` learns who is calling. */
export type CallerCheck =
  | { kind: 'jwt-secret'; secret: string; issuer?: string; audience: string }
  | { kind: 'jwks'; jwksUrl: URL; issuer?: string; audience: string }
  | { kind: 'whoami'; whoamiUrl: URL };

/** `serve`'s own settings, from its flags, the environment and the option table's defaults. */
export interface ServeConfig {
  host: string;
  port: number;
  basePath: string;
  allowedOrigins: string[];
  caller: CallerCheck;
  leadUrl: URL;
  leadSecret: string;
  /** GET /metrics, and the bearer token it requires (`undefined`: none); `null` when off. */
  metrics: { token: string | undefined } | null;
  /** The shared secrets, to clear from every output line. */
  secrets: string[];
}

function usage(message: string): never {
  throw new CliError(
    `${message}\nRun \`saleschat-kit serve --help\` for its settings.`,
    EXIT.usage,
  );
}

function httpUrl(name: ConfigName, text: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    usage(
      `--${name} (${CONFIG_OPTIONS[name].env}) must be an http(s) URL, not ${JSON.stringify(text)}.`,
    );
  }
  return url;
}

/**
 * Reads `serve`'s settings. Secrets come from the environment or a file a flag names, never from
 * a flag's value (the process list shows those).
 */
export function resolveServeConfig(
  flags: ConfigFlags,
  env: Record<string, string | undefined>,
  cwd: string,
): ServeConfig {
  const setting = (name: ConfigName) =>
    blankToUndefined(flags[name] ?? env[CONFIG_OPTIONS[name].env]);
  const secret = (name: 'jwt-secret-file' | 'lead-secret-file' | 'metrics-token-file') => {
    const file = flags[name];
    return file
      ? readSecretFile(name, resolve(cwd, file))
      : blankToUndefined(env[CONFIG_OPTIONS[name].env]);
  };
  const portText = setting('port') ?? String(CONFIG_OPTIONS.port.default);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65_535)
    usage(`--port must be 0–65535, not ${JSON.stringify(portText)}.`);

  const jwtSecret = secret('jwt-secret-file');
  const jwksUrl = setting('jwks-url');
  const whoamiUrl = setting('whoami-url');
  const issuer = setting('jwt-issuer');
  const audience = setting('jwt-audience') ?? CONFIG_OPTIONS['jwt-audience'].default;
  const ways = [jwtSecret, jwksUrl, whoamiUrl].filter(Boolean).length;
  if (ways !== 1) {
    usage(
      `Say how callers are identified, in exactly one way: ${CONFIG_OPTIONS['jwt-secret-file'].env} (HS256 tokens), ${CONFIG_OPTIONS['jwks-url'].env} (RS256/EdDSA tokens) or ${CONFIG_OPTIONS['whoami-url'].env} (the cookie, forwarded)${ways > 1 ? '; several are set' : ''}.`,
    );
  }
  if (jwtSecret !== undefined && new TextEncoder().encode(jwtSecret).length < 32) {
    usage(
      `${CONFIG_OPTIONS['jwt-secret-file'].env} must be at least 32 bytes (HS256 wants a key as long as its hash).`,
    );
  }
  const caller: CallerCheck = jwtSecret
    ? { kind: 'jwt-secret', secret: jwtSecret, issuer, audience }
    : jwksUrl
      ? { kind: 'jwks', jwksUrl: httpUrl('jwks-url', jwksUrl), issuer, audience }
      : { kind: 'whoami', whoamiUrl: httpUrl('whoami-url', whoamiUrl as string) };

  const leadUrl = setting('lead-url');
  const leadSecret = secret('lead-secret-file');
  if (!leadUrl || !leadSecret) {
    usage(
      `Say where leads come from: ${CONFIG_OPTIONS['lead-url'].env} (GET {url}/{crmCustomerId}) and ${CONFIG_OPTIONS['lead-secret-file'].env} (the secret that signs those calls).`,
    );
  }
  const metricsSwitch = setting('metrics') ?? CONFIG_OPTIONS.metrics.default;
  if (metricsSwitch !== 'on' && metricsSwitch !== 'off') {
    usage(
      `--metrics (${CONFIG_OPTIONS.metrics.env}) is on or off, not ${JSON.stringify(metricsSwitch)}.`,
    );
  }
  const metricsToken = secret('metrics-token-file');
  return {
    host: setting('host') ?? CONFIG_OPTIONS.host.default,
    port,
    basePath: setting('base-path') ?? CONFIG_OPTIONS['base-path'].default,
    allowedOrigins: (setting('allowed-origins') ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    caller,
    leadUrl: httpUrl('lead-url', leadUrl),
    leadSecret,
    metrics: metricsSwitch === 'on' ? { token: metricsToken } : null,
    secrets: [jwtSecret, leadSecret, metricsToken].filter(
      (value): value is string => value !== undefined,
    ),
  };
}
