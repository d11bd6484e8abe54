import { existsSync } from 'node:fs';
import { EXIT, defineCommand } from '../command';
import { checkSaleschatAccess, createCliApi } from '../createCliApi';
import { openCliStore } from '../openReadyStore';
import { describeSaleschatProblems, requireSaleschat, type CliConfig } from '../resolveConfig';

interface Check {
  name: string;
  status: 'ok' | 'warn' | 'fail';
  message: string;
  fix?: string;
}

/** What can be told about a token without sending it anywhere, and without printing it. */
type TokenShape = { kind: 'jwt'; expiresAt: Date | null } | { kind: 'opaque' };

/** Saleschat tokens are JWTs: the payload's `exp` says when it stops working. */
function describeToken(token: string): TokenShape {
  const parts = token.split('.');
  if (parts.length !== 3) return { kind: 'opaque' };
  try {
    const payload = JSON.parse(Buffer.from(parts[1] as string, 'base64url').toString('utf8')) as {
      exp?: unknown;
    };
    return {
      kind: 'jwt',
      expiresAt: typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : null,
    };
  } catch {
    return { kind: 'opaque' };
  }
}

const DAY_MS = 24 * 60 * 60_000;
/** A check that hangs (an unreachable host) fails after this instead. */
const CHECK_TIMEOUT_MS = 15_000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS / 1000} s`)),
      CHECK_TIMEOUT_MS,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function configChecks(config: CliConfig, now: number): Check[] {
  const checks: Check[] = [];
  for (const problem of describeSaleschatProblems(config)) {
    checks.push({ name: 'configuration', status: 'fail', ...problem });
  }
  if (config.token) {
    const shape = describeToken(config.token);
    if (shape.kind === 'opaque') {
      checks.push({
        name: 'token',
        status: 'warn',
        message: 'SALESCHAT_API_TOKEN is not a JWT, as Saleschat tokens are (fine for the fake).',
      });
    } else if (shape.expiresAt && shape.expiresAt.getTime() <= now) {
      checks.push({
        name: 'token',
        status: 'fail',
        message: `SALESCHAT_API_TOKEN expired on ${shape.expiresAt.toISOString()}.`,
        fix: 'get a new admin token for the organisation from Saleschat.',
      });
    } else if (shape.expiresAt && shape.expiresAt.getTime() - now < 7 * DAY_MS) {
      checks.push({
        name: 'token',
        status: 'warn',
        message: `SALESCHAT_API_TOKEN expires on ${shape.expiresAt.toISOString()}.`,
        fix: 'get a new admin token before then.',
      });
    } else {
      checks.push({
        name: 'token',
        status: 'ok',
        message: `a JWT${shape.expiresAt ? ` valid until ${shape.expiresAt.toISOString()}` : ' without expiry'}.`,
      });
    }
  }
  try {
    const url = new URL(config.baseUrl);
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    if (url.protocol === 'http:' && !loopback) {
      checks.push({
        name: 'base URL',
        status: 'warn',
        message: `${config.baseUrl} is plain http: the token would cross the network unencrypted.`,
        fix: 'use https.',
      });
    }
  } catch {
    // Already reported by describeSaleschatProblems.
  }
  return checks;
}

async function storeCheck(config: CliConfig): Promise<Check> {
  const { store: choice } = config;
  if (choice.kind === 'pglite' && !existsSync(choice.dataDir)) {
    return {
      name: 'store',
      status: 'warn',
      message: `no embedded store in ${choice.dataDir} yet.`,
      fix: 'run `saleschat-kit migrate` (the proxy also creates it when it starts), or set DATABASE_URL / SALESCHAT_DATA_DIR if it lives elsewhere.',
    };
  }
  const store = openCliStore(choice, 1);
  try {
    await withTimeout(store.ready(), 'the database');
    const users = await store.listUsers();
    const linked = users.filter((user) => user.scUserId !== null).length;
    return {
      name: 'store',
      status: 'ok',
      message: `${choice.label}: reachable, up to date, ${users.length} CRM users (${linked} linked).`,
    };
  } catch (error) {
    return {
      name: 'store',
      status: 'fail',
      message: `${choice.label} cannot be opened: ${(error as Error).message}.`,
      fix:
        choice.kind === 'postgres'
          ? 'check DATABASE_URL (host, port, database, user, password) and that the server accepts connections from here.'
          : 'check SALESCHAT_DATA_DIR; the embedded store can be open in one process at a time (stop a proxy using it, or share a DATABASE_URL).',
    };
  } finally {
    await store.close().catch(() => undefined);
  }
}

export const doctor = defineCommand({
  name: 'doctor',
  summary: 'Check the configuration, the database and that Saleschat accepts the token.',
  arguments: '',
  positionals: { min: 0, max: 0 },
  description: `Checks, and says how to fix what is wrong:
- the configuration: token, organisation and base URL set; the token not expired (read from
  the JWT itself, never printed);
- the store: reachable, migrations applied, how many CRM users are linked;
- Saleschat: one harmless call (the magic link of a user id that does not exist) that Saleschat
  answers 404 when it accepts the token and organisation, 401/403 when it does not.
Exit code: 0 when nothing failed (warnings allowed), 1 otherwise.`,
  options: {
    json: { type: 'boolean', description: 'Print the checks as JSON.' },
  },
  uses: ['saleschat', 'store'],
  examples: [
    'saleschat-kit doctor',
    'SALESCHAT_BASE_URL=http://127.0.0.1:4010 saleschat-kit doctor    # against `saleschat-kit fake`',
    'saleschat-kit doctor --json',
  ],

  async run({ values, out, config }) {
    const checks = configChecks(config, Date.now());
    checks.push(await storeCheck(config));
    if (describeSaleschatProblems(config).length === 0) {
      const saleschat = requireSaleschat(config);
      const api = createCliApi({ ...saleschat, timeoutMs: CHECK_TIMEOUT_MS });
      const access = await checkSaleschatAccess(api, saleschat.baseUrl);
      checks.push(
        access.ok
          ? {
              name: 'Saleschat',
              status: 'ok',
              message: `${saleschat.baseUrl} accepts the token for organisation ${saleschat.orgId}.`,
            }
          : { name: 'Saleschat', status: 'fail', message: access.message, fix: access.fix },
      );
    } else {
      checks.push({
        name: 'Saleschat',
        status: 'fail',
        message: 'not checked: the configuration is incomplete.',
      });
    }

    const failed = checks.some((check) => check.status === 'fail');
    if (values.json) {
      out.json({ ok: !failed, checks });
    } else {
      for (const check of checks) {
        const label = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' }[check.status];
        out.line(`${label}  ${check.name}: ${check.message}`);
        if (check.fix) out.line(`      fix: ${check.fix}`);
      }
      out.line(failed ? 'Some checks failed.' : 'All checks passed.');
    }
    return failed ? EXIT.failed : EXIT.ok;
  },
});
