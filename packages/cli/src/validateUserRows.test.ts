import { describe, expect, it } from 'vitest';
import { validateUserRows } from './validateUserRows';

const row = (line: number, values: Record<string, unknown>) => ({
  line,
  values: {
    crm_user_id: `crm-${line}`,
    email: `u${line}@example.com`,
    first_name: 'Ann',
    last_name: 'Lee',
    ...values,
  },
});

describe('validateUserRows', () => {
  it('accepts valid rows, trims text, takes numeric CRM ids and treats an empty password as none', () => {
    const { rows, problems } = validateUserRows([
      row(2, { crm_user_id: 42, email: ' ann@example.com ', first_name: ' Ann ', password: '' }),
      row(3, { password: 'exactly8' }),
      row(4, { first_name: 'É'.repeat(40), password: 'p'.repeat(32) }),
    ]);
    expect(problems).toEqual([]);
    expect(rows[0]).toEqual({
      line: 2,
      crmUserId: '42',
      email: 'ann@example.com',
      firstName: 'Ann',
      lastName: 'Lee',
      password: undefined,
    });
    expect(rows.map((user) => user.password)).toEqual([undefined, 'exactly8', 'p'.repeat(32)]);
  });

  it("reports every broken rule with the row's line, and never echoes a password", () => {
    const { rows, problems } = validateUserRows([
      row(2, { email: 'not-an-email' }),
      row(3, { first_name: 'A'.repeat(41), last_name: '' }),
      row(4, { password: 'short1!' }),
      row(5, { password: 'x'.repeat(33) }),
      row(6, { crm_user_id: 'crm-2' }),
      row(7, { email: 'U3@EXAMPLE.com' }),
      row(8, { email: undefined, first_name: 7 }),
    ]);
    expect(rows).toEqual([]);
    expect(problems).toEqual([
      { line: 2, message: 'email "not-an-email" is not an email address.' },
      { line: 3, message: 'first_name is 41 characters; Saleschat takes at most 40.' },
      { line: 3, message: 'last_name is empty; Saleschat requires it.' },
      {
        line: 4,
        message: expect.stringMatching(/^password is 7 characters; Saleschat takes 8 to 32/),
      },
      { line: 5, message: expect.stringMatching(/^password is 33 characters/) },
      { line: 6, message: 'crm_user_id "crm-2" is also on line 2.' },
      { line: 7, message: expect.stringMatching(/^email "U3@EXAMPLE.com" is also on line 3/) },
      { line: 8, message: 'email is missing.' },
      { line: 8, message: 'first_name must be text.' },
    ]);
    expect(JSON.stringify(problems)).not.toMatch(/short1!|xxxxxxxx/);
  });
});
