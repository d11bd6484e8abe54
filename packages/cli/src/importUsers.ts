import { SaleschatError, type UpstreamError } from '@saleschat-kit/core';
import type { Store } from '@saleschat-kit/proxy';
import { backoffDelay, redact, sleep, type SaleschatApi } from '@saleschat-kit/saleschat-client';
import { generatePassword as defaultGeneratePassword } from './generatePassword';
import type { UserRow } from './validateUserRows';

/** What became of one row. Only `created`, `linked`, `unverified` and `would-create` are success. */
export type UserOutcome =
  /** Created in Saleschat and linked. */
  | { status: 'created'; scUserId: string }
  /** Linked before this run: nothing sent. */
  | { status: 'linked'; scUserId: string }
  /** Created and linked, but the membership check could not run (the user may lack the org). */
  | { status: 'unverified'; scUserId: string; message: string }
  /** Created and linked, but Saleschat did not add the user to the org: fix it by hand. */
  | { status: 'not-in-org'; scUserId: string; message: string }
  /** Saleschat has the user (an attempt whose answer was lost created it), but its id is unknown. */
  | { status: 'unconfirmed'; message: string; saleschat?: UpstreamError }
  /** Refused, or still failing after every attempt. `maybeCreated`: an attempt got no clear answer. */
  | { status: 'failed'; message: string; saleschat?: UpstreamError; maybeCreated: boolean }
  /** `--dry-run`: would be created. */
  | { status: 'would-create' }
  /** Stopped by Ctrl-C before it was done (or before it started, when `maybeCreated` is false). */
  | { status: 'interrupted'; maybeCreated: boolean };

/** A row's result, without its password. */
export interface UserResult {
  line: number;
  crmUserId: string;
  email: string;
  outcome: UserOutcome;
}

export interface ImportUsersOptions {
  /** Validated rows (see `validateUserRows`), in file order. */
  rows: readonly UserRow[];
  /** The proxy's store, opened. */
  store: Store;
  /** The Saleschat client; required unless `dryRun`. Default: none. */
  api?: SaleschatApi;
  /** Rows under way at once. Default: 10. */
  concurrency?: number;
  /** Attempts per create, retrying 429, 5xx, timeouts and lost connections. Default: 6. */
  maxAttempts?: number;
  /** First retry delay in ms, doubled each attempt (with jitter, capped at 30 s). Default: 500. */
  retryDelayMs?: number;
  /** Check that each new user is in the org (a magic-link request). Default: true. */
  verify?: boolean;
  /** Send nothing, write nothing: report what would happen. Default: false. */
  dryRun?: boolean;
  /** Aborting stops starting rows; rows under way finish their current request. Default: none. */
  signal?: AbortSignal;
  /** Called once the already linked rows are known. Default: none. */
  onStart?: (counts: { total: number; alreadyLinked: number; toCreate: number }) => void;
  /** Called as each row ends (already linked rows first). Default: none. */
  onRow?: (result: UserResult) => void;
  /** Called before a retry, with why the attempt failed. Default: none. */
  onRetry?: (retry: { line: number; crmUserId: string; attempt: number; reason: string }) => void;
  /** Default: 24 random characters. */
  generatePassword?: () => string;
}

export interface ImportUsersResult {
  /** One per row, in file order. */
  results: UserResult[];
  interrupted: boolean;
  elapsedMs: number;
}

/** Row outcomes that make the import exit with a failure. */
export const FAILED_STATUSES: ReadonlySet<UserOutcome['status']> = new Set([
  'not-in-org',
  'unconfirmed',
  'failed',
  'interrupted',
]);

const LINK_BY_HAND =
  "Saleschat cannot look a user up by email: find the user's id in Saleschat and record it with `saleschat-kit users link <crm_user_id> <sc_user_id>`.";

/** Failures after which Saleschat may have created the user: no answer, 5xx, an answer without id. */
function isUnsure(error: SaleschatError): boolean {
  return error.code === 'SALESCHAT_UNAVAILABLE';
}

function isTakenEmail(error: SaleschatError): boolean {
  return error.code === 'SALESCHAT_ERROR' && error.status === 409;
}

/**
 * Creates a Saleschat user for each row that is not linked yet, and links it the moment its id
 * is known. Never creates a user twice: a create is repeated only after a failure that may not
 * have created it, and a repeat cannot create a second user for the email — Saleschat answers
 * 4090001 instead, which then means "an earlier attempt created it" (`unconfirmed`).
 */
export async function importUsers(options: ImportUsersOptions): Promise<ImportUsersResult> {
  const started = performance.now();
  const {
    rows,
    store,
    api,
    concurrency = 10,
    maxAttempts = 6,
    retryDelayMs = 500,
    verify = true,
    dryRun = false,
    signal,
  } = options;
  const newPassword = options.generatePassword ?? defaultGeneratePassword;
  if (!dryRun && !api) throw new TypeError('importUsers() needs an api unless dryRun is set.');

  const results = new Map<UserRow, UserResult>();
  const finish = (row: UserRow, outcome: UserOutcome): void => {
    const result: UserResult = {
      line: row.line,
      crmUserId: row.crmUserId,
      email: row.email,
      outcome,
    };
    results.set(row, result);
    options.onRow?.(result);
  };

  const linked = new Map(
    (await store.listUsers())
      .filter((user) => user.scUserId !== null)
      .map((user) => [user.crmUserId, user.scUserId as string]),
  );
  const pending = rows.filter((row) => !linked.has(row.crmUserId));
  options.onStart?.({
    total: rows.length,
    alreadyLinked: rows.length - pending.length,
    toCreate: pending.length,
  });
  for (const row of rows) {
    const scUserId = linked.get(row.crmUserId);
    if (scUserId !== undefined) finish(row, { status: 'linked', scUserId });
  }

  if (dryRun) {
    for (const row of pending) finish(row, { status: 'would-create' });
  } else {
    const client = api as SaleschatApi;

    const retry = async (row: UserRow, attempt: number, error: SaleschatError) => {
      options.onRetry?.({
        line: row.line,
        crmUserId: row.crmUserId,
        attempt,
        reason: error.message,
      });
      const wait = backoffDelay(attempt, { baseDelayMs: retryDelayMs });
      await sleep(
        error.code === 'RATE_LIMITED' ? Math.max(wait, error.retryAfterMs ?? 0) : wait,
        signal,
      );
    };

    /** The create, repeated while that is safe and useful. */
    const create = async (row: UserRow): Promise<{ userId: string } | UserOutcome> => {
      const password = row.password ?? newPassword();
      const secrets = [password];
      let unsure: string | undefined;
      for (let attempt = 1; ; attempt++) {
        try {
          return await client.createUser({
            email: row.email,
            password,
            firstName: row.firstName,
            lastName: row.lastName,
          });
        } catch (caught) {
          const error = SaleschatError.from(caught);
          const message = redact(error.message, secrets);
          if (isTakenEmail(error)) {
            return unsure === undefined
              ? {
                  status: 'failed',
                  message: `${message} It was made outside this import, or by an earlier run stopped while this row's create was under way. ${LINK_BY_HAND}`,
                  saleschat: error.saleschat,
                  maybeCreated: false,
                }
              : {
                  status: 'unconfirmed',
                  message: `An earlier attempt got no usable answer (${unsure}) yet created the user: Saleschat now answers that the email is taken. ${LINK_BY_HAND}`,
                  saleschat: error.saleschat,
                };
          }
          const retryable = error.code === 'RATE_LIMITED' || isUnsure(error);
          if (isUnsure(error)) unsure = message;
          if (!retryable || attempt >= maxAttempts) {
            return {
              status: 'failed',
              message: retryable
                ? `${message} (gave up after ${attempt} attempts)${unsure === undefined ? '' : '. Saleschat may have created the user: a re-run tells (it reports 4090001 if so).'}`
                : message,
              saleschat: error.saleschat,
              maybeCreated: unsure !== undefined,
            };
          }
          await retry(row, attempt, error);
          if (signal?.aborted) return { status: 'interrupted', maybeCreated: unsure !== undefined };
        }
      }
    };

    /** Whether Saleschat put the new user in the org (its documented failure to do so is silent). */
    const check = async (row: UserRow, scUserId: string): Promise<UserOutcome> => {
      for (let attempt = 1; ; attempt++) {
        try {
          if (await client.isOrgMember(scUserId)) return { status: 'created', scUserId };
          return {
            status: 'not-in-org',
            scUserId,
            message: `Saleschat created user ${scUserId} but did not add it to the organisation (a documented Saleschat fault): add it to the organisation by hand in Saleschat. The link is recorded; nothing else is needed here.`,
          };
        } catch (caught) {
          const error = SaleschatError.from(caught);
          const retryable = error.code === 'RATE_LIMITED' || error.code === 'SALESCHAT_UNAVAILABLE';
          if (!retryable || attempt >= 3 || signal?.aborted) {
            return {
              status: 'unverified',
              scUserId,
              message: `Created and linked, but whether Saleschat added it to the organisation could not be checked (${error.message}).`,
            };
          }
          await retry(row, attempt, error);
        }
      }
    };

    const importRow = async (row: UserRow): Promise<UserOutcome> => {
      // Under the row's lock, so two imports sharing a PostgreSQL store never both create it.
      const made = await store.exclusive(
        `saleschat-kit:users-import:${row.crmUserId}`,
        async (queries) => {
          const existing = await queries.getUser(row.crmUserId);
          if (existing?.scUserId) return { status: 'linked', scUserId: existing.scUserId } as const;
          const created = await create(row);
          if ('status' in created) return created;
          try {
            // Recorded before anything else: an id known only in memory is an id lost on a crash.
            await queries.linkUser(row.crmUserId, created.userId);
          } catch (error) {
            return {
              status: 'failed',
              message: `Saleschat created user ${created.userId}, but recording it failed (${(error as Error).message}): run \`saleschat-kit users link ${row.crmUserId} ${created.userId}\`.`,
              maybeCreated: true,
            } as const;
          }
          return { status: 'created', scUserId: created.userId } as const;
        },
      );
      if (made.status !== 'created' || !verify) return made;
      return check(row, made.scUserId);
    };

    let next = 0;
    const worker = async () => {
      while (next < pending.length && !signal?.aborted) {
        const row = pending[next++] as UserRow;
        let outcome: UserOutcome;
        try {
          outcome = await importRow(row);
        } catch (error) {
          // The store failed (the database went away): the row is not done, nothing was created.
          outcome = {
            status: 'failed',
            message: `The store failed: ${(error as Error).message}`,
            maybeCreated: false,
          };
        }
        finish(row, outcome);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  }

  const ordered = rows.map(
    (row) =>
      results.get(row) ?? {
        line: row.line,
        crmUserId: row.crmUserId,
        email: row.email,
        outcome: { status: 'interrupted', maybeCreated: false } as const,
      },
  );
  return {
    results: ordered,
    interrupted: signal?.aborted ?? false,
    elapsedMs: performance.now() - started,
  };
}
