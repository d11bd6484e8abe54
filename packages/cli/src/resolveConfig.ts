import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_DATA_DIR } from '@saleschat-kit/proxy';
import { SALESCHAT_BASE_URL } from '@saleschat-kit/saleschat-client';
import { CliError, EXIT, type HelpOption } from './command';

/** Which shared settings a command reads. */
export type ConfigUse = 'saleschat' | 'store' | 'serve';

/** A shared setting: its flag (the key), the environment variable the flag wins over, its help. */
export interface ConfigOption extends HelpOption {
  use: ConfigUse;
  env: string;
  valueName: string;
}

/** The shared settings. Help lists them from here; `resolveConfig` reads them from here. */
export const CONFIG_OPTIONS = {
  'token-file': {
    use: 'saleschat',
    env: 'SALESCHAT_API_TOKEN',
    valueName: 'file',
    description:
      "The organisation's admin token, never printed. The flag names a file holding it: there is no --token, as flags show in the process list.",
  },
  'org-id': {
    use: 'saleschat',
    env: 'SALESCHAT_ORG_ID',
    valueName: 'id',
    description: 'The Saleschat organisation.',
  },
  'base-url': {
    use: 'saleschat',
    env: 'SALESCHAT_BASE_URL',
    valueName: 'url',
    description: 'The Saleschat API.',
    default: SALESCHAT_BASE_URL,
  },
  'database-url': {
    use: 'store',
    env: 'DATABASE_URL',
    valueName: 'url',
    description:
      'A PostgreSQL store, postgres://user:password@host/db; without it, the embedded store.',
  },
  'data-dir': {
    use: 'store',
    env: 'SALESCHAT_DATA_DIR',
    valueName: 'dir',
    description: "The embedded store's folder.",
    default: DEFAULT_DATA_DIR,
  },
  host: {
    use: 'serve',
    env: 'SALESCHAT_KIT_HOST',
    valueName: 'address',
    description: 'The address `serve` listens on.',
    default: '127.0.0.1',
  },
  port: {
    use: 'serve',
    env: 'PORT',
    valueName: 'n',
    description: 'The port `serve` listens on (0: a free one, printed in the first log line).',
    default: 8787,
  },
  'base-path': {
    use: 'serve',
    env: 'SALESCHAT_KIT_BASE_PATH',
    valueName: 'path',
    description: 'Where the routes answer.',
    default: '/api/saleschat',
  },
  'allowed-origins': {
    use: 'serve',
    env: 'SALESCHAT_KIT_ALLOWED_ORIGINS',
    valueName: 'list',
    description: 'Comma-separated origins of the CRM pages that call the service (CORS and CSRF).',
  },
  'jwt-secret-file': {
    use: 'serve',
    env: 'SALESCHAT_KIT_JWT_SECRET',
    valueName: 'file',
    description:
      "The HS256 secret the host signs its users' tokens with; the flag names a file holding it.",
  },
  'jwks-url': {
    use: 'serve',
    env: 'SALESCHAT_KIT_JWKS_URL',
    valueName: 'url',
    description: "The host's public keys, for RS256 or EdDSA tokens (instead of a secret).",
  },
  'jwt-issuer': {
    use: 'serve',
    env: 'SALESCHAT_KIT_JWT_ISSUER',
    valueName: 'iss',
    description: "The tokens' required `iss`.",
  },
  'jwt-audience': {
    use: 'serve',
    env: 'SALESCHAT_KIT_JWT_AUDIENCE',
    valueName: 'aud',
    description: "The tokens' required `aud`.",
    default: 'saleschat-kit',
  },
  'whoami-url': {
    use: 'serve',
    env: 'SALESCHAT_KIT_WHOAMI_URL',
    valueName: 'url',
    description:
      'Instead of tokens: a host URL the browser\'s cookie is forwarded to; it answers { "crmUserId" } or 401.',
  },
  'lead-url': {
    use: 'serve',
    env: 'SALESCHAT_KIT_LEAD_URL',
    valueName: 'url',
    description:
      'The host endpoint the service asks for a lead: GET {lead-url}/{crmCustomerId}, signed.',
  },
  'lead-secret-file': {
    use: 'serve',
    env: 'SALESCHAT_KIT_LEAD_SECRET',
    valueName: 'file',
    description:
      'The shared secret that signs lead requests (HMAC-SHA256); the flag names a file holding it.',
  },
  metrics: {
    use: 'serve',
    env: 'SALESCHAT_KIT_METRICS',
    valueName: 'on|off',
    description:
      'GET /metrics on the same port: the Prometheus text format, no secret and no personal data in it. off leaves it out.',
    default: 'on',
  },
  'metrics-token-file': {
    use: 'serve',
    env: 'SALESCHAT_KIT_METRICS_TOKEN',
    valueName: 'file',
    description:
      'A bearer token /metrics then requires (Prometheus: authorization.credentials_file), for a port reachable beyond your scrapers; the flag names a file holding it.',
  },
} as const satisfies Record<string, ConfigOption>;

export type ConfigName = keyof typeof CONFIG_OPTIONS;

/** The shared settings' flags, as given on the command line. */
export type ConfigFlags = { [Name in ConfigName]?: string };

/** Where the CLI keeps the user and contact tables: the proxy's own store. */
export type StoreChoice =
  | { kind: 'postgres'; connectionString: string; label: string }
  | { kind: 'pglite'; dataDir: string; label: string };

/** Settings from flags, then the environment, then defaults. */
export interface CliConfig {
  /** The Saleschat admin token; never printed. */
  token: string | undefined;
  /** The Saleschat organisation, when set. */
  orgId: string | undefined;
  /** Saleschat's API origin. */
  baseUrl: string;
  /** Which store, and a label for messages that holds no password. */
  store: StoreChoice;
  /** Texts that must never reach the output: the token, a database password. */
  secrets: string[];
}

/** `postgres://user@host:5432/db`: the URL without its password, for messages. */
export function describeDatabaseUrl(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    url.password = '';
    url.search = '';
    return url.toString();
  } catch {
    return 'a DATABASE_URL that is not a URL';
  }
}

function databasePassword(connectionString: string): string | undefined {
  try {
    const password = decodeURIComponent(new URL(connectionString).password);
    return password === '' ? undefined : password;
  } catch {
    return undefined;
  }
}

/** A secret from the file a `--…-file` flag names, trimmed; a usage error when unreadable or empty. */
export function readSecretFile(flag: string, path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(
      `--${flag} ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
      EXIT.usage,
    );
  }
  const token = text.trim();
  if (token === '') throw new CliError(`--${flag} ${path} is empty.`, EXIT.usage);
  return token;
}

export const blankToUndefined = (value: string | undefined) =>
  value === undefined || value.trim() === '' ? undefined : value.trim();

/**
 * Reads the configuration. The token comes from `SALESCHAT_API_TOKEN` or `--token-file`, never
 * from a flag: a flag's value is visible to every local user in the process list.
 */
export function resolveConfig(
  flags: ConfigFlags,
  env: Record<string, string | undefined>,
  cwd: string,
): CliConfig {
  const setting = (name: ConfigName) =>
    blankToUndefined(flags[name] ?? env[CONFIG_OPTIONS[name].env]);
  const tokenFile = flags['token-file'];
  const token = tokenFile
    ? readSecretFile('token-file', resolve(cwd, tokenFile))
    : blankToUndefined(env[CONFIG_OPTIONS['token-file'].env]);
  const databaseUrl = setting('database-url');
  const dataDir = resolve(cwd, setting('data-dir') ?? CONFIG_OPTIONS['data-dir'].default);
  const store: StoreChoice = databaseUrl
    ? {
        kind: 'postgres',
        connectionString: databaseUrl,
        label: `PostgreSQL at ${describeDatabaseUrl(databaseUrl)}`,
      }
    : { kind: 'pglite', dataDir, label: `the embedded store in ${dataDir}` };
  const password = databaseUrl ? databasePassword(databaseUrl) : undefined;
  return {
    token,
    orgId: setting('org-id'),
    baseUrl: setting('base-url') ?? CONFIG_OPTIONS['base-url'].default,
    store,
    secrets: [token, password].filter((secret): secret is string => secret !== undefined),
  };
}

/** A setting that is missing or wrong, and how to fix it. */
export interface ConfigProblem {
  message: string;
  fix: string;
}

/** What is wrong with the Saleschat settings; empty when they are usable. */
export function describeSaleschatProblems(config: CliConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (!config.token) {
    problems.push({
      message: 'No Saleschat token.',
      fix: "set SALESCHAT_API_TOKEN to the organisation's admin token (or pass --token-file <file>).",
    });
  }
  if (!config.orgId) {
    problems.push({
      message: 'No Saleschat organisation.',
      fix: 'set SALESCHAT_ORG_ID (or pass --org-id <id>).',
    });
  }
  let url: URL | undefined;
  try {
    url = new URL(config.baseUrl);
  } catch {
    problems.push({
      message: `SALESCHAT_BASE_URL is not a URL (${JSON.stringify(config.baseUrl)}).`,
      fix: `use ${SALESCHAT_BASE_URL}, or the URL \`saleschat-kit fake\` prints.`,
    });
  }
  if (url && url.protocol !== 'https:' && url.protocol !== 'http:') {
    problems.push({
      message: `SALESCHAT_BASE_URL must be an http(s) URL, not ${url.protocol}.`,
      fix: `use ${SALESCHAT_BASE_URL}.`,
    });
  }
  return problems;
}

/** The Saleschat settings, or a usage error that lists every one missing. */
export function requireSaleschat(config: CliConfig): {
  token: string;
  orgId: string;
  baseUrl: string;
} {
  const problems = describeSaleschatProblems(config);
  const { token, orgId, baseUrl } = config;
  if (problems.length > 0 || !token || !orgId) {
    throw new CliError(
      problems.map((problem) => `${problem.message} Fix: ${problem.fix}`).join('\n'),
      EXIT.usage,
    );
  }
  return { token, orgId, baseUrl };
}
