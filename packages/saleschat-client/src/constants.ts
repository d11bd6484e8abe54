/**
 * Saleschat's API facts the kit relies on, each written once (see the repository's
 * docs/saleschat-api.md). The fake Saleschat is written from the same documentation on its own,
 * on purpose: it is this package's check, so it does not import these.
 */

/** Saleschat's API origin. */
export const SALESCHAT_BASE_URL = 'https://apis.saleschat.pro';

/** The Saleschat endpoints the kit calls; rate limits are kept per endpoint. */
export type SaleschatEndpoint =
  'createUser' | 'magicLink' | 'createContact' | 'updateContact' | 'assign';

/** Path parameters, already URL-encoded by the caller. */
interface PathParams {
  org: string;
  userId?: string;
  contactId?: string;
}

/**
 * Method and path of each endpoint. The prefixes (`/v1/org/`, `/v2/org/`, `/v1/orgs/`,
 * `/v3/orgs/`) are inconsistent on Saleschat's side and copied exactly.
 */
export const SALESCHAT_ENDPOINTS: Readonly<
  Record<
    SaleschatEndpoint,
    { method: 'GET' | 'POST' | 'PUT'; path: (params: PathParams) => string }
  >
> = {
  createUser: { method: 'POST', path: ({ org }) => `/v1/org/${org}/user` },
  magicLink: {
    method: 'GET',
    path: ({ org, userId }) => `/v1/org/${org}/user/${userId}/magiclink`,
  },
  createContact: { method: 'POST', path: ({ org }) => `/v2/org/${org}/contact` },
  updateContact: {
    method: 'PUT',
    path: ({ org, contactId }) => `/v1/orgs/${org}/contact/${contactId}`,
  },
  assign: {
    method: 'POST',
    path: ({ org, contactId }) => `/v3/orgs/${org}/contacts/${contactId}/assign`,
  },
};

/** Saleschat's documented rate limits. */
export const SALESCHAT_RATE_LIMITS = {
  /** Requests per second per organisation and endpoint. */
  requestsPerSecond: 10,
  /** Minimum gap between two assign requests for one contact, in ms. */
  assignIntervalMs: 10_000,
} as const;

/**
 * Added to Saleschat's assign interval wherever the kit waits it out: two requests sent 10 s
 * apart may arrive closer together.
 */
export const ASSIGN_MARGIN_MS = 300;

/**
 * Saleschat's documented field limits, in characters as `saleschatLength` counts them: UTF-16
 * code units (a guess — see `saleschatLength`), so an emoji outside the BMP counts 2.
 */
export const SALESCHAT_FIELD_LIMITS = {
  /** A contact's `crm_id`. */
  crmId: 128,
  /** A contact's `first_name` and `last_name` (which must not contain `*` either). */
  contactName: 128,
  /** A user's `email`. */
  email: 319,
  /** A user's `first_name` and `last_name` (≤ 40 satisfies both versions of the docs). */
  userName: 40,
  /** A user's `password` (the docs disagree: ≤ 32 and 8–64; 8–32 satisfies both). */
  passwordMin: 8,
  passwordMax: 32,
} as const;

/** E.164, as `phone_number` takes it: a plus, a country code that does not start with 0, 7 to 15 digits in all. */
export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;
