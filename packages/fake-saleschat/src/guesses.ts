import { randomToken } from './randomToken';

/**
 * Every assumption the fake makes where the Saleschat documentation is silent, in one place
 * (see the repository's `docs/saleschat-api.md`). Documented facts live in the code that uses
 * them; anything here may turn out wrong against the real API and is the first place to look
 * when it does.
 *
 * Guesses about behaviour, implemented where named:
 * - A 429 carries no `Retry-After` header and no hint in the body (handleApi).
 * - Checks run in this order: bearer token (401), organisation (403), per-endpoint limit,
 *   per-contact assign limit (429), body (400), then the endpoint's rules (404, 409) (handleApi).
 * - Only requests with the right token and organisation count against the rate limits, and a
 *   request refused with 429 does not count either; an assign that then fails validation or
 *   names an unknown contact does count against that contact's 10 s (a gateway keyed by path).
 * - A magic link can be opened any number of times until it expires: the guide stores one link
 *   per user with its expiry, which only makes sense if it can be reused (handleDashboard).
 * - `PUT` on a contact leaves names that are absent from the body unchanged, answers 200 with
 *   the contact like create does, and refuses a `crm_id` another contact has with 409 4090001.
 * - A second user with an email already in the org (compared without case) is 409 4090001.
 *   Retrying a create whose answer was lost is therefore safe: it cannot make a second user.
 * - The documented "user created but not added to the org" case (the `notAddedToOrg` fault)
 *   answers like a success — 200 with the new `user_id` — since the docs only say it must be
 *   "fixed by hand", not that the API reports it. Org-scoped calls then treat the id as
 *   unknown (magic link and assign answer 404), which is how a client can tell; the email
 *   stays taken (users are accounts beyond one org), so a repeated create answers 409 4090001.
 * - `null` for an optional field is refused like any other wrong type: send it or omit it.
 * - Length limits count UTF-16 code units, as Java's `String.length()` does: Saleschat is a
 *   Java service, so 65 emoji (130 units) exceed a 128 limit (validateBodies).
 * - `assign_on_handover: true` answers 200 and leaves the chatroom as it is until the lead
 *   replies (`POST /__admin/contacts/{id}/reply`), which completes the assignment (routing.ts).
 * - `group_id` alone assigns the contact to a member of that group, in turn (round robin);
 *   groups are set up with `PUT /__admin/groups/{id}`, and an unknown or empty group leaves the
 *   chatroom with no user (groups are not checked for existence) (routing.ts).
 * - A chatroom is deactivated after 7 days without an assign or a reply (the docs say "a number
 *   of inactive days"); a deactivated chatroom leaves the user's dashboard, and an assign
 *   reactivates it, on top of the list, rather than creating a new one (routing.ts).
 * - A manager's reassignment in the dashboard (`PUT /__admin/contacts/{id}/assignee`) moves the
 *   chatroom at once and does not count against the API's assign limit (routing.ts).
 * - `PUT` on a contact renames its chatroom at once: the dashboard shows the new name (chatroomsOf).
 * - The create-contact response carries no phone number (the documented fields only).
 * - A create refused for a taken `crm_id` carries `payload: {}` as the documented example
 *   shows; whether the real API ever puts the existing contact there is unknown, so the
 *   `conflictPayload: 'existing-id'` option answers `payload: { id, crm_id }` for clients that
 *   look (the kit's guess lives in saleschat-client's existingContactIdOf).
 */

/**
 * Error codes read as HTTP status + sequence. Only 4030001 FORBIDDEN and 4090001
 * UQ_CONSTRAINT_FAILED are documented by number; the others are described in words only.
 */
export const ERROR_CODES = {
  /** Guess: invalid input is described in words only. */
  400: { code: 4000001, message: 'INVALID_INPUT' },
  /** Guess: unauthenticated is described in words only. */
  401: { code: 4010001, message: 'UNAUTHENTICATED' },
  /** Documented. */
  403: { code: 4030001, message: 'FORBIDDEN' },
  /** Guess: not found is described in words only. */
  404: { code: 4040001, message: 'NOT_FOUND' },
  /** Guess: a method the path does not have is not documented at all. */
  405: { code: 4050001, message: 'METHOD_NOT_ALLOWED' },
  /** Documented. */
  409: { code: 4090001, message: 'UQ_CONSTRAINT_FAILED' },
  /** Guess: a body size limit is not documented; the fake refuses bodies over 1 MiB. */
  413: { code: 4130001, message: 'PAYLOAD_TOO_LARGE' },
  /** Guess: rate-limit answers are not documented at all (status, code, headers). */
  429: { code: 4290001, message: 'TOO_MANY_REQUESTS' },
  /** Guess: internal error is described in words only. */
  500: { code: 5000001, message: 'INTERNAL_ERROR' },
} as const satisfies Record<number, { code: number; message: string }>;

/** Guess: other statuses (injected 502/503/504…) follow the same status + sequence pattern. */
export function errorCodeFor(status: number): { code: number; message: string } {
  const known = (ERROR_CODES as Record<number, { code: number; message: string }>)[status];
  return known ?? { code: status * 10_000 + 1, message: 'UPSTREAM_ERROR' };
}

/**
 * Guess: a request for another organisation than the token's is refused with 403 4030001
 * FORBIDDEN (the only documented 403), not with 404 — the org exists, the token may not use it.
 */
export const WRONG_ORG_STATUS = 403;

/**
 * Guess: the 400 `payload` names the offending field (`{ field }`); the docs show `payload: {}`
 * in the sample and never describe it.
 */
export function invalidInputPayload(field: string): Record<string, unknown> {
  return { field };
}

/** Guess: the link's lifetime is not documented; 15 minutes is common for magic links. */
export const DEFAULT_MAGIC_LINK_TTL_MS = 15 * 60_000;

/**
 * Guess: the magic-link body is undocumented; the fake can answer in three plausible shapes.
 * `expires_at` is ISO-8601; the nested `expiry` is epoch seconds (the docs mention epoch
 * seconds elsewhere), so a parser meets both formats.
 */
export function magicLinkBody(
  shape: 'link-and-expiry' | 'link-only' | 'nested',
  link: string,
  expiresAt: number,
): unknown {
  if (shape === 'link-only') return { magic_link: link };
  if (shape === 'nested') return { data: { link, expiry: Math.floor(expiresAt / 1000) } };
  return { magic_link: link, expires_at: new Date(expiresAt).toISOString() };
}

/** Guess: the assign response is undocumented beyond success; the fake answers 200 with this. */
export function assignBody(
  contactId: string,
  chatroomId: string | null,
  userId: string | null,
  groupId: string | null,
): unknown {
  return { contact_id: contactId, chatroom_id: chatroomId, user_id: userId, group_id: groupId };
}

/** Guess: a contact created without `governance_level_id` gets the org's default level. */
export const DEFAULT_GOVERNANCE_LEVEL = { id: 'default', name: 'Default' } as const;

/** Guess: levels other than the default are not listed anywhere; the fake names them after their id. */
export function governanceLevelName(id: string): string {
  return id === DEFAULT_GOVERNANCE_LEVEL.id ? DEFAULT_GOVERNANCE_LEVEL.name : id;
}

/**
 * Guess: ids are opaque strings; the fake uses UUIDs, or a random token where `randomUUID` is
 * missing (browsers only have it in secure contexts).
 */
export function newId(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : randomToken(16);
}

/** Guess: "valid-looking" email, as a server would check before sending anything. */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Guess: `opt_in_date` is typed date-time; the fake accepts an ISO-8601 date-time with a zone
 * (what `Date#toISOString` produces) and refuses epoch numbers, since the docs say send ISO.
 */
export const ISO_DATE_TIME_PATTERN =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;
