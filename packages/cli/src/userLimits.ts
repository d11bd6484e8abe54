/**
 * Saleschat's limits on `POST /v1/org/{orgId}/user` (saleschat-api.md). Its two documentation
 * versions disagree on names and password; these satisfy both.
 */
export const USER_LIMITS = {
  emailMax: 319,
  nameMax: 40,
  passwordMin: 8,
  passwordMax: 32,
} as const;

/** A plausible address: what a server checks before sending anything. */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Length in code points, as Saleschat's JSON API counts characters (an emoji is one). */
export function lengthOf(text: string): number {
  return [...text].length;
}
