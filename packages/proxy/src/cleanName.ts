/** Saleschat's limit for contact names. */
const NAME_MAX_LENGTH = 128;

/**
 * A name as Saleschat accepts it: without `*` (refused by the API), trimmed, at most 128
 * characters (code points, so an emoji is never cut in half). Empty names become `undefined`
 * and are left out of the request.
 */
export function cleanName(name: unknown): string | undefined {
  if (typeof name !== 'string') return undefined;
  const cleaned = Array.from(name.replace(/\*/g, '').trim())
    .slice(0, NAME_MAX_LENGTH)
    .join('')
    .trim();
  return cleaned === '' ? undefined : cleaned;
}
