/** E.164: a plus, a country code that does not start with 0, 7 to 15 digits in all. */
const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * A phone number in E.164, from the ways CRMs commonly store one (`+91 99999-99999`,
 * `+1 (555) 123 4567`, `0049 30 …`), or `null` when it is not one.
 */
export function normalizePhone(phone: unknown): string | null {
  if (typeof phone !== 'string') return null;
  let compact = phone.replace(/[\s().-]/g, '');
  if (compact.startsWith('00')) compact = `+${compact.slice(2)}`;
  return E164.test(compact) ? compact : null;
}
