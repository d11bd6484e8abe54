import { describe, expect, it } from 'vitest';
import { generatePassword } from './generatePassword';

describe('generatePassword', () => {
  it('makes 24-character passwords with every character class, never the same twice', () => {
    const passwords = Array.from({ length: 200 }, () => generatePassword());
    for (const password of passwords) {
      expect(password).toHaveLength(24);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/\d/);
      expect(password).toMatch(/[^a-zA-Z\d]/);
    }
    expect(new Set(passwords).size).toBe(passwords.length);
  });

  it("stays within Saleschat's 8 to 32 characters", () => {
    expect(generatePassword(8)).toHaveLength(8);
    expect(generatePassword(32)).toHaveLength(32);
    expect(() => generatePassword(33)).toThrow(RangeError);
  });
});
