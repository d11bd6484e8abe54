import { describe, expect, it } from 'vitest';
import { cleanName, normalizePhone, saleschatLength } from './fields';

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

describe('cleanName', () => {
  it('removes `*`, trims, and keeps at most 128 characters', () => {
    expect(cleanName('  **Asha*  ')).toBe('Asha');
    expect(cleanName('a'.repeat(200))).toHaveLength(128);
    expect(cleanName(`${'a'.repeat(127)} b`)).toBe('a'.repeat(127));
  });

  it('counts UTF-16 code units as Saleschat (Java) does, and never cuts an emoji in half', () => {
    // 65 emoji are 130 UTF-16 units: 64 of them (128 units) fit.
    expect(cleanName('😀'.repeat(65))).toBe('😀'.repeat(64));
    expect(saleschatLength(cleanName('😀'.repeat(65)) ?? '')).toBe(128);
    // 127 units then an emoji: the emoji would make 129, so it is left out whole.
    expect(cleanName(`${'a'.repeat(127)}😀`)).toBe('a'.repeat(127));
    expect(cleanName('é'.repeat(130))).toBe('é'.repeat(128));
  });

  it('turns empty and non-string names into undefined', () => {
    expect(cleanName(' * ')).toBeUndefined();
    expect(cleanName(null)).toBeUndefined();
    expect(cleanName(42)).toBeUndefined();
  });
});
