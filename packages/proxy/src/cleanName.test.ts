import { describe, expect, it } from 'vitest';
import { cleanName } from './cleanName';

describe('cleanName', () => {
  it('removes `*`, trims, and keeps at most 128 characters', () => {
    expect(cleanName('  **Asha*  ')).toBe('Asha');
    expect(cleanName('a'.repeat(200))).toHaveLength(128);
    expect(cleanName(`${'a'.repeat(127)} b`)).toBe('a'.repeat(127));
  });

  it('counts code points, so an emoji is never cut in half', () => {
    const name = cleanName('😀'.repeat(130)) ?? '';
    expect(Array.from(name)).toHaveLength(128);
    expect(name).toBe('😀'.repeat(128));
  });

  it('turns empty and non-string names into undefined', () => {
    expect(cleanName(' * ')).toBeUndefined();
    expect(cleanName(null)).toBeUndefined();
    expect(cleanName(42)).toBeUndefined();
  });
});
