import type { LineProblem } from './parseCsv';
import type { RawRow } from './readRowsFile';
import { SALESCHAT_FIELD_LIMITS } from '@saleschat-kit/saleschat-client';

/** A plausible address: what a server checks before sending anything. */
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Length in code points, as Saleschat's JSON API counts characters (an emoji is one). */
export function lengthOf(text: string): number {
  return [...text].length;
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

export const USER_COLUMNS = ['crm_user_id', 'email', 'first_name', 'last_name', 'password'];
export const REQUIRED_USER_COLUMNS = ['crm_user_id', 'email', 'first_name', 'last_name'];

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
  else if (lengthOf(name) > SALESCHAT_FIELD_LIMITS.userName) {
    problems.push(
      `${column} is ${lengthOf(name)} characters; Saleschat takes at most ${SALESCHAT_FIELD_LIMITS.userName}.`,
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
  const crmIdLines = new Map<string, number>();
  const emailLines = new Map<string, number>();

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
    else if (lengthOf(email) > SALESCHAT_FIELD_LIMITS.email) {
      found.push(`email is longer than ${SALESCHAT_FIELD_LIMITS.email} characters.`);
    } else if (!EMAIL_PATTERN.test(email)) {
      found.push(`email ${JSON.stringify(email)} is not an email address.`);
    }
    const firstName = checkName('first_name', text(values, 'first_name', found), found);
    const lastName = checkName('last_name', text(values, 'last_name', found), found);
    const rawPassword = text(values, 'password', found);
    const password = rawPassword === '' || rawPassword === null ? undefined : rawPassword;
    if (password !== undefined) {
      const length = lengthOf(password);
      if (
        length < SALESCHAT_FIELD_LIMITS.passwordMin ||
        length > SALESCHAT_FIELD_LIMITS.passwordMax
      ) {
        found.push(
          `password is ${length} characters; Saleschat takes ${SALESCHAT_FIELD_LIMITS.passwordMin} to ${SALESCHAT_FIELD_LIMITS.passwordMax} (leave it empty to generate one).`,
        );
      }
    }

    if (crmUserId !== '') {
      const first = crmIdLines.get(crmUserId);
      if (first !== undefined) {
        found.push(`crm_user_id ${JSON.stringify(crmUserId)} is also on line ${first}.`);
      } else crmIdLines.set(crmUserId, line);
    }
    if (email !== '') {
      const key = email.toLowerCase();
      const first = emailLines.get(key);
      if (first !== undefined) {
        found.push(
          `email ${JSON.stringify(email)} is also on line ${first} (Saleschat allows one user per email).`,
        );
      } else emailLines.set(key, line);
    }

    if (found.length > 0) {
      for (const message of found) problems.push({ line, column, message });
      continue;
    }
    rows.push({ line, crmUserId, email, firstName, lastName, password });
  }
  return { rows, problems };
}
