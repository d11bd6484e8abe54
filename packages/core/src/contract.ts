/**
 * The wire contract between the browser and the host's Saleschat proxy.
 * `openapi.json` beside this package describes the same contract; `contract.test.ts` keeps the
 * two from drifting apart.
 */

/** Where hosts mount the proxy unless they choose otherwise. */
export const DEFAULT_BASE_PATH = '/api/saleschat';

/** Routes, relative to the proxy's base path. */
export const ROUTES = {
  login: '/login',
  chat: '/chat',
  me: '/me',
} as const satisfies Record<'login' | 'chat' | 'me', string>;

/**
 * A header a cross-site form or image cannot send. The proxy refuses cookie-authenticated
 * requests without it (CSRF protection); the client always sends it.
 */
export const CSRF_HEADER = 'X-Saleschat-Kit';
export const CSRF_HEADER_VALUE = '1';

/** Correlates a browser call with the proxy's log line and error body. */
export const REQUEST_ID_HEADER = 'X-Request-Id';

/** Error codes the proxy answers with, and their HTTP statuses. */
export const ERROR_STATUS = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  LEAD_NOT_FOUND: 404,
  /** The CRM has no opt-in date for the lead and the host requires one; Saleschat was not called. */
  OPT_IN_MISSING: 422,
  USER_NOT_LINKED: 409,
  /** Saleschat may hold this lead's contact, but its id is unknown: an administrator links it. */
  CONTACT_NEEDS_REPAIR: 409,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SALESCHAT_ERROR: 502,
  SALESCHAT_UNAVAILABLE: 503,
  /** The proxy's database cannot be reached for now; retrying after `retryAfterMs` helps. */
  STORE_UNAVAILABLE: 503,
} as const satisfies Record<string, number>;

export type ProxyErrorCode = keyof typeof ERROR_STATUS;

/** Codes only the browser side produces: the request never got a proxy answer. */
export type ClientErrorCode = 'NETWORK' | 'TIMEOUT' | 'POPUP_BLOCKED' | 'ABORTED';

export type SaleschatErrorCode = ProxyErrorCode | ClientErrorCode;

export const PROXY_ERROR_CODES = Object.keys(ERROR_STATUS) as ProxyErrorCode[];

/** What Saleschat itself answered, when it refused (e.g. `4090001 · UQ_CONSTRAINT_FAILED`). */
export interface UpstreamError {
  code: number;
  message: string;
}

/** The one shape of every error response. */
export interface ErrorBody {
  error: {
    code: ProxyErrorCode;
    /** Human text, safe to show: never a phone number, a name or the token. */
    message: string;
    requestId: string;
    /** Present only when Saleschat itself refused. */
    saleschat?: UpstreamError;
    /** Present only when waiting helps. */
    retryAfterMs?: number;
  };
}

/** `POST /login` → a magic link for the calling CRM user. */
export interface LoginResponse {
  url: string;
  /** ISO-8601 instant after which the link must not be used. */
  expiresAt: string;
}

/** `POST /chat` request body. */
export interface ChatRequest {
  crmCustomerId: string;
}

/**
 * `created`: this click made the lead's contact in Saleschat. `existing`: Saleschat already had
 * it (the proxy's table knew it, or Saleschat's duplicate answer named it).
 */
export type ContactOutcome = 'created' | 'existing';
export type AssignmentOutcome = 'assigned' | 'reassigned' | 'unchanged';

/**
 * Whom the chatroom went to when not the calling agent: a group (Saleschat picks a member), or
 * whoever it names once the lead replies (`handover`).
 */
export type AssignedTo = { to: 'group'; groupName: string } | { to: 'handover' };

/** `POST /chat` → the lead's chatroom is assigned (to the calling agent unless `assignedTo` says otherwise). */
export interface ChatResponse {
  contactId: string;
  /** The chatroom's name as Saleschat now has it: crm_id + first name + last name. */
  chatroomName: string;
  contact: ContactOutcome;
  assignment: AssignmentOutcome;
  /** Absent when the chatroom is the calling agent's. */
  assignedTo?: AssignedTo;
}

/** `GET /me` → whether the calling CRM user has a Saleschat user. */
export interface MeResponse {
  crmUserId: string;
  linked: boolean;
}

/** Not all white space, no control character (`\p{Cc}`: C0, DEL and C1). */
const VALID_CRM_CUSTOMER_ID = /^(?!\s*$)\P{Cc}+$/u;

/**
 * Saleschat's `crm_id` limit, in UTF-16 code units (JavaScript's `length`): Saleschat is a Java
 * service, and the kit guesses its limits count as `String.length()` does (an emoji counts 2).
 * The OpenAPI document's `maxLength` counts code points, so it admits up to 128 emoji; its
 * description states this stricter rule.
 */
const CRM_CUSTOMER_ID_MAX_UNITS = 128;

/**
 * Checks a CRM customer id the way the proxy does: 1–128 UTF-16 code units (Saleschat's
 * `crm_id` limit), not blank, no control characters. Returns what is wrong, or `null` when valid.
 */
export function describeInvalidCrmCustomerId(value: unknown): string | null {
  return typeof value === 'string' &&
    value.length <= CRM_CUSTOMER_ID_MAX_UNITS &&
    VALID_CRM_CUSTOMER_ID.test(value)
    ? null
    : 'crmCustomerId must be 1–128 characters (UTF-16 code units: an emoji counts 2), not blank, no control characters';
}
