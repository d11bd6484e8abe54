import { E164_PATTERN, SALESCHAT_FIELD_LIMITS } from './constants';

/**
 * A phone number in E.164, from the ways CRMs commonly store one (`+91 99999-99999`,
 * `+1 (555) 123 4567`, `0049 30 …`), or `null` when it is not one.
 */
export function normalizePhone(phone: unknown): string | null {
  if (typeof phone !== 'string') return null;
  let compact = phone.replace(/[\s().-]/g, '');
  if (compact.startsWith('00')) compact = `+${compact.slice(2)}`;
  return E164_PATTERN.test(compact) ? compact : null;
}

/**
 * A text's length as Saleschat's limits count it. **Guess** (docs/saleschat-api.md): Saleschat
 * is a Java service, so its limits count UTF-16 code units as `String.length()` does — which
 * is JavaScript's `length` too: an emoji outside the BMP counts 2.
 */
export function saleschatLength(text: string): number {
  return text.length;
}

/**
 * A contact name as Saleschat accepts it: without `*` (refused by the API), trimmed, at most
 * 128 UTF-16 code units (`saleschatLength`), cut between characters so an emoji is never cut
 * in half. Empty names become `undefined` and are left out of the request.
 */
export function cleanName(name: unknown): string | undefined {
  if (typeof name !== 'string') return undefined;
  let cleaned = '';
  for (const character of name.replace(/\*/g, '').trim()) {
    if (saleschatLength(cleaned + character) > SALESCHAT_FIELD_LIMITS.contactName) break;
    cleaned += character;
  }
  cleaned = cleaned.trim();
  return cleaned === '' ? undefined : cleaned;
}
