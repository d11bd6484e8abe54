import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_DATA_DIR } from '@saleschat-kit/proxy';
import { CliError, EXIT } from './cliError';

/** Saleschat's public API, used when neither `--base-url` nor `SALESCHAT_BASE_URL` is set. */
export const DEFAULT_BASE_URL = 'https://apis.saleschat.pro';

/** Where the CLI keeps the user and contact tables: the proxy's own store. */
export type StoreChoice =
  | { kind: 'postgres'; connectionString: string; label: string }
  | { kind: 'pglite'; dataDir: string; label: string };

/** Settings from flags, then the environment, then defaults. */
export interface CliConfig {
  /** The Saleschat admin token; never printed. */
  token: string | undefined;
  orgId: string | undefined;
  baseUrl: string;
  store: StoreChoice;
  /** Texts that must never reach the output: the token, a database password. */
  secrets: string[];
}

/** The global flags every command that reads configuration accepts. */
export interface ConfigFlags {
  'org-id'?: string;
  'base-url'?: string;
  'token-file'?: string;
  'database-url'?: string;
  'data-dir'?: string;
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

function readTokenFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(
      `--token-file ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
      EXIT.usage,
    );
  }
  const token = text.trim();
  if (token === '') throw new CliError(`--token-file ${path} is empty.`, EXIT.usage);
  return token;
}

const blankToUndefined = (value: string | undefined) =>
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
  const token = flags['token-file']
    ? readTokenFile(resolve(cwd, flags['token-file']))
    : blankToUndefined(env.SALESCHAT_API_TOKEN);
  const databaseUrl = blankToUndefined(flags['database-url'] ?? env.DATABASE_URL);
  const store: StoreChoice = databaseUrl
    ? {
        kind: 'postgres',
        connectionString: databaseUrl,
        label: `PostgreSQL at ${describeDatabaseUrl(databaseUrl)}`,
      }
    : (() => {
        const dataDir = resolve(
          cwd,
          blankToUndefined(flags['data-dir'] ?? env.SALESCHAT_DATA_DIR) ?? DEFAULT_DATA_DIR,
        );
        return { kind: 'pglite', dataDir, label: `the embedded store in ${dataDir}` };
      })();
  const password = databaseUrl ? databasePassword(databaseUrl) : undefined;
  return {
    token,
    orgId: blankToUndefined(flags['org-id'] ?? env.SALESCHAT_ORG_ID),
    baseUrl: blankToUndefined(flags['base-url'] ?? env.SALESCHAT_BASE_URL) ?? DEFAULT_BASE_URL,
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
      fix: `use ${DEFAULT_BASE_URL}, or the URL \`saleschat-kit fake\` prints.`,
    });
  }
  if (url && url.protocol !== 'https:' && url.protocol !== 'http:') {
    problems.push({
      message: `SALESCHAT_BASE_URL must be an http(s) URL, not ${url.protocol}.`,
      fix: `use ${DEFAULT_BASE_URL}.`,
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
  if (problems.length > 0) {
    throw new CliError(
      problems.map((problem) => `${problem.message} Fix: ${problem.fix}`).join('\n'),
      EXIT.usage,
    );
  }
  return { token: config.token as string, orgId: config.orgId as string, baseUrl: config.baseUrl };
}
