import type { LineProblem } from './parseCsv';
import type { RawRow, RowsKind } from './readRowsFile';
import { SALESCHAT_FIELD_LIMITS, saleschatLength } from '@saleschat-kit/saleschat-client';

/** A plausible address: what a server checks before sending anything. */
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Remembers the line each value first stands on, and answers that line when the value comes
 * again (`undefined` the first time, and for an empty value).
 */
export function createRepeatCheck(): (value: string, line: number) => number | undefined {
  const lines = new Map<string, number>();
  return (value, line) => {
    if (value === '') return undefined;
    const first = lines.get(value);
    if (first === undefined) lines.set(value, line);
    return first;
  };
}

/** A row ready to import. */
export interface UserRow {
  line: number;
  crmUserId: string;
  email: string;
  firstName: string;
  lastName: string;
  /** From the file, or `undefined` to generate one. Never printed. */
  password: string | undefined;
}

function text(
  values: Record<string, unknown>,
  column: string,
  problems: string[],
  { numbers = false } = {},
): string | null | undefined {
  const value = values[column];
  if (value === undefined || value === null) return undefined;
  if (numbers && typeof value === 'number' && Number.isInteger(value)) return String(value);
  if (typeof value !== 'string') {
    problems.push(`${column} must be text${numbers ? ' or a whole number' : ''}.`);
    // Already reported: `null` keeps the callers from adding "missing" or "empty".
    return null;
  }
  return value;
}

function checkName(column: string, value: string | null | undefined, problems: string[]): string {
  const name = (value ?? '').trim();
  if (value === undefined) problems.push(`${column} is missing.`);
  else if (value !== null && name === '')
    problems.push(`${column} is empty; Saleschat requires it.`);
  else if (saleschatLength(name) > SALESCHAT_FIELD_LIMITS.userName) {
    problems.push(
      `${column} is ${saleschatLength(name)} characters; Saleschat takes at most ${SALESCHAT_FIELD_LIMITS.userName}.`,
    );
  }
  return name;
}

/**
 * Checks every row against Saleschat's rules and the file against itself (a CRM user id or an
 * email twice), before anything is sent. Problems name the line; a password is never echoed.
 */
export function validateUserRows(rawRows: readonly RawRow[]): {
  rows: UserRow[];
  problems: LineProblem[];
} {
  const rows: UserRow[] = [];
  const problems: LineProblem[] = [];
  const crmIdSeenOn = createRepeatCheck();
  const emailSeenOn = createRepeatCheck();

  for (const { line, column, values } of rawRows) {
    const found: string[] = [];
    const rawCrmUserId = text(values, 'crm_user_id', found, { numbers: true });
    const crmUserId = (rawCrmUserId ?? '').trim();
    if (rawCrmUserId === undefined) found.push('crm_user_id is missing.');
    else if (rawCrmUserId !== null && crmUserId === '') found.push('crm_user_id is empty.');
    const rawEmail = text(values, 'email', found);
    const email = (rawEmail ?? '').trim();
    if (rawEmail === undefined) found.push('email is missing.');
    else if (rawEmail === null) {
      // Reported as the wrong type.
    } else if (email === '') found.push('email is empty.');
    else if (saleschatLength(email) > SALESCHAT_FIELD_LIMITS.email) {
      found.push(`email is longer than ${SALESCHAT_FIELD_LIMITS.email} characters.`);
    } else if (!EMAIL_PATTERN.test(email)) {
      found.push(`email ${JSON.stringify(email)} is not an email address.`);
    }
    const firstName = checkName('first_name', text(values, 'first_name', found), found);
    const lastName = checkName('last_name', text(values, 'last_name', found), found);
    const rawPassword = text(values, 'password', found);
    const password = rawPassword === '' || rawPassword === null ? undefined : rawPassword;
    if (password !== undefined) {
      const length = saleschatLength(password);
      if (
        length < SALESCHAT_FIELD_LIMITS.passwordMin ||
        length > SALESCHAT_FIELD_LIMITS.passwordMax
      ) {
        found.push(
          `password is ${length} characters; Saleschat takes ${SALESCHAT_FIELD_LIMITS.passwordMin} to ${SALESCHAT_FIELD_LIMITS.passwordMax} (leave it empty to generate one).`,
        );
      }
    }

    const crmIdLine = crmIdSeenOn(crmUserId, line);
    if (crmIdLine !== undefined) {
      found.push(`crm_user_id ${JSON.stringify(crmUserId)} is also on line ${crmIdLine}.`);
    }
    const emailLine = emailSeenOn(email.toLowerCase(), line);
    if (emailLine !== undefined) {
      found.push(
        `email ${JSON.stringify(email)} is also on line ${emailLine} (Saleschat allows one user per email).`,
      );
    }

    if (found.length > 0) {
      for (const message of found) problems.push({ line, column, message });
      continue;
    }
    rows.push({ line, crmUserId, email, firstName, lastName, password });
  }
  return { rows, problems };
}

/** A `users import` file: its columns, the password optional. */
export const USER_ROWS: RowsKind<UserRow> = {
  columns: ['crm_user_id', 'email', 'first_name', 'last_name', 'password'],
  required: ['crm_user_id', 'email', 'first_name', 'last_name'],
  validate: validateUserRows,
};
