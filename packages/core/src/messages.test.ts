import { describe, expect, it } from 'vitest';
import { fr } from './locales/fr';
import { en, formatMessage } from './messages';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(formatMessage('Chat with {name}', { name: 'Ada' })).toBe('Chat with Ada');
    expect(formatMessage('Try again in {seconds} s ({oops})', { seconds: 7 })).toBe(
      'Try again in 7 s ({oops})',
    );
  });

  it('gives the French catalogue the same keys and placeholders as the English one', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect({ key, placeholders: placeholders(fr[key]) }).toEqual({
        key,
        placeholders: placeholders(en[key]),
      });
      expect(fr[key].trim()).not.toBe('');
    }
  });
});
