import { describe, expect, it } from 'vitest';
import { normalizePhone } from './normalizePhone';

describe('normalizePhone', () => {
  it.each([
    ['+919999999999', '+919999999999'],
    ['+91 99999-99999', '+919999999999'],
    ['+1 (555) 123.4567', '+15551234567'],
    ['0049 30 1234567', '+49301234567'],
  ])('reads %s as %s', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  it.each([
    '9999999999',
    '+0123456789',
    '+12345',
    '+1234567890123456',
    'call me',
    '',
    null,
    919999999999,
  ])('refuses %s', (input) => {
    expect(normalizePhone(input)).toBeNull();
  });
});
