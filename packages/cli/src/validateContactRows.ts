import { SALESCHAT_FIELD_LIMITS, saleschatLength } from '@saleschat-kit/saleschat-client';
import type { LineProblem } from './parseCsv';
import type { RawRow, RowsKind } from './readRowsFile';
import { createRepeatCheck } from './validateUserRows';

/** A CRM customer → Saleschat contact mapping to restore. */
export interface ContactRow {
  line: number;
  crmCustomerId: string;
  scContactId: string;
}

function idOf(values: Record<string, unknown>, column: string, problems: string[]): string {
  const value = values[column];
  if (value === undefined || value === null) {
    problems.push(`${column} is missing.`);
    return '';
  }
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  if (typeof value !== 'string') {
    problems.push(`${column} must be text or a whole number.`);
    return '';
  }
  const id = value.trim();
  if (id === '') problems.push(`${column} is empty.`);
  return id;
}

/** Checks each mapping and the file against itself: one contact per customer and vice versa. */
export function validateContactRows(rawRows: readonly RawRow[]): {
  rows: ContactRow[];
  problems: LineProblem[];
} {
  const rows: ContactRow[] = [];
  const problems: LineProblem[] = [];
  const customerSeenOn = createRepeatCheck();
  const contactSeenOn = createRepeatCheck();
  for (const { line, column, values } of rawRows) {
    const found: string[] = [];
    const crmCustomerId = idOf(values, 'crm_customer_id', found);
    const scContactId = idOf(values, 'sc_contact_id', found);
    if (saleschatLength(crmCustomerId) > SALESCHAT_FIELD_LIMITS.crmId) {
      found.push(
        `crm_customer_id is longer than Saleschat's ${SALESCHAT_FIELD_LIMITS.crmId} characters.`,
      );
    }
    const customerLine = customerSeenOn(crmCustomerId, line);
    if (customerLine !== undefined) {
      found.push(
        `crm_customer_id ${JSON.stringify(crmCustomerId)} is also on line ${customerLine}.`,
      );
    }
    const contactLine = contactSeenOn(scContactId, line);
    if (contactLine !== undefined) {
      found.push(
        `sc_contact_id ${JSON.stringify(scContactId)} is also on line ${contactLine} (a Saleschat contact is one CRM customer).`,
      );
    }
    if (found.length > 0) {
      for (const message of found) problems.push({ line, column, message });
    } else rows.push({ line, crmCustomerId, scContactId });
  }
  return { rows, problems };
}

const CONTACT_COLUMNS = ['crm_customer_id', 'sc_contact_id'];

/** A `contacts import` file: both columns required. */
export const CONTACT_ROWS: RowsKind<ContactRow> = {
  columns: CONTACT_COLUMNS,
  required: CONTACT_COLUMNS,
  validate: validateContactRows,
};
