import { SaleschatError } from '@saleschat-kit/core';
import {
  ASSIGN_MARGIN_MS,
  SALESCHAT_BASE_URL,
  SALESCHAT_ENDPOINTS,
  SALESCHAT_RATE_LIMITS,
  type SaleschatEndpoint,
} from './constants';
import { descriptionOf, parseJson, refusalError, unansweredError, type Answer } from './errors';
import { existingContactIdOf } from './existingContactIdOf';
import { createRateLimiter, type RateLimiter } from './createRateLimiter';
import { parseMagicLink, type MagicLink } from './parseMagicLink';
import { createRedactedLog, type Logger } from './redact';
import { retry } from './retry';

/** A user as `POST /v1/org/{orgId}/user` takes it (already validated by the caller). */
export interface NewUser {
  /** Required; at most 319 characters. */
  email: string;
  /** Required; 8–32 characters. Redacted from every message and log line. */
  password: string;
  /** Required; at most 40 characters. */
  firstName: string;
  /** Required; at most 40 characters. */
  lastName: string;
}

/** A contact as `POST /v2/org/{orgId}/contact` takes it; names already cleaned (`cleanName`). */
export interface NewContact {
  /** The CRM's id for the lead. Required; at most 128 characters. */
  crmId: string;
  /** When the lead consented to be contacted, ISO-8601. Required. */
  optInDate: string;
  /** Default: none (left out when empty). */
  firstName?: string;
  /** Default: none (left out when empty). */
  lastName?: string;
  /** E.164 (`normalizePhone`). Required. */
  phoneNumber: string;
  /** Where the lead came from, one of Saleschat's `source` values (like `"BTRIX"`). Default: left out. */
  source?: string;
  /** Whether the lead wrote first. Default: left out. */
  isInbound?: boolean;
}

/** A contact's new details for `PUT /v1/orgs/{orgId}/contact/{contactId}`; the chatroom is renamed to match. */
export interface ContactUpdate {
  /** Required by Saleschat even when unchanged; at most 128 characters. */
  crmId: string;
  /** Default: unchanged (left out when empty). */
  firstName?: string;
  /** Default: unchanged (left out when empty). */
  lastName?: string;
}

/** Whom an assign hands the contact's chatroom to: a user, or a group (Saleschat picks a member). */
export type AssignTarget = (
  | {
      /** The Saleschat user to assign to. Required unless `groupId` is given. */
      userId: string;
      groupId?: undefined;
    }
  | {
      /** The Saleschat group to assign to. Required unless `userId` is given. */
      groupId: string;
      userId?: undefined;
    }
) & {
  /** Assign only once the lead replies. Default: false (at once). */
  assignOnHandover?: boolean;
};

export interface AssignOptions {
  /**
   * Runs once the limiter has granted the assign its slot, right before it is sent: Saleschat's
   * per-contact interval starts there, not when the caller began to wait. If it throws, nothing
   * is sent. Default: none.
   */
  onSend?: () => Promise<void> | void;
}

/** Saleschat's calls, each mapped to the kit's error codes (`SaleschatError`). */
export interface SaleschatApi {
  /**
   * Creates a user and adds it to the org. Never repeated here: only the caller knows whether
   * a repeat is safe (Saleschat refuses a second user with the same email with 4090001).
   */
  createUser(user: NewUser): Promise<{ userId: string }>;
  /**
   * Whether the Saleschat user is a member of the org, asked as a magic-link request (the one
   * documented org-scoped call on a user: 404 means "not in the org"). It generates a link
   * that is thrown away.
   */
  isOrgMember(scUserId: string): Promise<boolean>;
  /** A login link for the user; repeated up to 3 times after a 5xx or a network failure. */
  magicLink(scUserId: string): Promise<MagicLink>;
  /**
   * Creates a contact, waiting up to `createDeadlineMs` for the answer. Never repeated: a create
   * whose answer was lost may have succeeded. A duplicate `crm_id` whose refusal names the
   * existing contact resolves to it (`adopted: true`); one that does not, or a success without
   * a readable id, is `CONTACT_NEEDS_REPAIR`.
   */
  createContact(contact: NewContact): Promise<{ id: string; adopted: boolean }>;
  /** Changes a contact's crm id and names (which renames its chatroom). */
  updateContact(contactId: string, update: ContactUpdate): Promise<void>;
  /** Assigns the contact's chatroom (creating it if need be); Saleschat allows one per 10 s per contact. */
  assign(contactId: string, to: AssignTarget, options?: AssignOptions): Promise<void>;
}

/**
 * One request to Saleschat as `onRequest` sees it: what an operator measures, and nothing a
 * log or a trace must not hold (no token, no body, no ids).
 */
export interface SaleschatRequestRecord {
  endpoint: SaleschatEndpoint;
  method: 'GET' | 'POST' | 'PUT';
  /** When it began to wait for its rate-limit slot, in ms since the epoch (sub-ms precision). */
  startedAt: number;
  /**
   * How long it waited for its rate-limit slot, in ms (a shared budget's booking included);
   * `undefined` when the limiter refused it.
   */
  waitMs?: number;
  /** How long the HTTP exchange took, the answer's body included, in ms; `undefined` when nothing was sent. */
  durationMs?: number;
  /** Saleschat's HTTP status; `undefined` when no answer came. */
  status?: number;
  /** How many attempts of the same call came before this one (the magic link is retried after a 503). */
  retries: number;
  /** The kit's error code when the request threw (RATE_LIMITED from the limiter, SALESCHAT_UNAVAILABLE without an answer). */
  errorCode?: string;
}

export interface SaleschatApiOptions {
  /** The organisation's admin token (a JWT). Required; it never leaves the server. */
  token: string;
  /** The organisation id used in every API path. Required. */
  orgId: string;
  /** Saleschat's API origin. Default: `SALESCHAT_BASE_URL`, Saleschat's production API. */
  baseUrl?: string;
  /** Per request to Saleschat, body included. Default: 10 000 ms. */
  timeoutMs?: number;
  /**
   * How long a contact create waits for its answer: it is never repeated, so a late answer is
   * the only way to learn the new contact's id. Default: 60 000 ms.
   */
  createDeadlineMs?: number;
  /**
   * Lifetime assumed for a magic link whose answer carries no expiry (Saleschat does not
   * document one). Default: 5 minutes.
   */
  magicLinkTtlMs?: number;
  /** The wait suggested after Saleschat refuses an assign with 429 and no `Retry-After`. Default: 10 000 ms (Saleschat's limit). */
  assignIntervalMs?: number;
  /** Spaces the requests per endpoint. Default: Saleschat's 10 per second, waiting at most 2 s for a slot. */
  limiter?: RateLimiter;
  /** Receives the client's warnings, with the token and the request's secrets redacted. Default: none. */
  logger?: Logger | null;
  /** The fetch used to call Saleschat. Default: the global `fetch`. */
  fetch?: typeof fetch;
  /**
   * Told about each request once it is over (answered, failed, or refused by the limiter before
   * it was sent), for the host's metrics and traces; what it throws is ignored. Default: none.
   */
  onRequest?: (request: SaleschatRequestRecord) => void;
  /** The clock, in epoch ms. Default: `Date.now`. */
  now?: () => number;
}

/** Where an operator finds the id Saleschat did not give (the toast and the CLI say the same). */
const NEEDS_REPAIR_FIX =
  "find the contact in Saleschat (its chatroom is named after the lead's CRM id) and link it with saleschat-kit contacts link <crm_customer_id> <sc_contact_id>.";

/** Errors that say Saleschat has no such contact (see `isMissingContact`). */
const missingContactErrors = new WeakSet<object>();

/** Whether `error` is an assign refused because Saleschat no longer has the contact (404). */
export function isMissingContact(error: unknown): boolean {
  return typeof error === 'object' && error !== null && missingContactErrors.has(error);
}

/** Saleschat's answers are small JSON documents; anything bigger is not one. */
const MAX_ANSWER_BYTES = 1024 * 1024;

const is2xx = (answer: Answer) => answer.status >= 200 && answer.status <= 299;

/** An answer's text, at most `maxBytes` of it (the stream is cancelled past that). */
async function readAnswerText(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return '';
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new Error(`Saleschat's answer is larger than ${maxBytes} bytes.`);
    text += decoder.decode(chunk, { stream: true });
  }
  return text + decoder.decode();
}

function misuse(problem: string): TypeError {
  return new TypeError(`createSaleschatApi(): ${problem}`);
}

/** The Saleschat API client: timeouts, per-endpoint rate limits, and errors in the kit's terms. */
export function createSaleschatApi(options: SaleschatApiOptions): SaleschatApi {
  if (typeof options?.token !== 'string' || options.token.trim() === '') {
    throw misuse('token is required: the organisation admin token.');
  }
  if (typeof options.orgId !== 'string' || options.orgId.trim() === '') {
    throw misuse('orgId is required: the Saleschat organisation id.');
  }
  const baseUrl = (options.baseUrl ?? SALESCHAT_BASE_URL).replace(/\/+$/, '');
  const org = encodeURIComponent(options.orgId);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const createDeadlineMs = options.createDeadlineMs ?? 60_000;
  const magicLinkTtlMs = options.magicLinkTtlMs ?? 5 * 60_000;
  const assignIntervalMs = options.assignIntervalMs ?? SALESCHAT_RATE_LIMITS.assignIntervalMs;
  const now = options.now ?? Date.now;
  const fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
  const limiter = options.limiter ?? createRateLimiter({ now });
  const log = createRedactedLog(options.logger ?? null, [options.token]);
  // The fake (and a local Saleschat) runs on plain http; production links must be https.
  const allowHttp = baseUrl.startsWith('http:');

  /** Tells `onRequest` about a request; an observer's failure is no failure of the request. */
  function observe(record: SaleschatRequestRecord): void {
    try {
      options.onRequest?.(record);
    } catch {
      // Metrics and traces must never fail a call.
    }
  }

  /**
   * One request: rate limited, timed out after `timeoutMs` (the body included), told to
   * `onRequest` once it is over. `params.retries` counts the call's earlier attempts.
   */
  async function send(
    endpoint: SaleschatEndpoint,
    action: string,
    params: { userId?: string; contactId?: string; retries?: number },
    body?: unknown,
    onSend?: () => Promise<void> | void,
  ): Promise<Answer> {
    const { method, path } = SALESCHAT_ENDPOINTS[endpoint];
    const url =
      baseUrl +
      path({
        org,
        userId: params.userId === undefined ? undefined : encodeURIComponent(params.userId),
        contactId:
          params.contactId === undefined ? undefined : encodeURIComponent(params.contactId),
      });
    const record: SaleschatRequestRecord = {
      endpoint,
      method,
      startedAt: performance.timeOrigin + performance.now(),
      retries: params.retries ?? 0,
    };
    const waitFrom = performance.now();
    try {
      await limiter.acquire(endpoint);
      record.waitMs = performance.now() - waitFrom;
      await onSend?.();
      return await exchange(endpoint, action, url, method, body, record);
    } catch (error) {
      record.errorCode = error instanceof SaleschatError ? error.code : 'INTERNAL';
      throw error;
    } finally {
      observe(record);
    }
  }

  /** The HTTP exchange itself; records its status and duration on `record`. */
  async function exchange(
    endpoint: SaleschatEndpoint,
    action: string,
    url: string,
    method: string,
    body: unknown,
    record: SaleschatRequestRecord,
  ): Promise<Answer> {
    const sentFrom = performance.now();
    const controller = new AbortController();
    let timedOut = false;
    const deadlineMs = endpoint === 'createContact' ? createDeadlineMs : timeoutMs;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, deadlineMs);
    try {
      const response = await fetchFn(url, {
        method,
        headers: {
          Authorization: `Bearer ${options.token}`,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal,
        redirect: 'error',
      });
      record.status = response.status;
      const text = await readAnswerText(response, MAX_ANSWER_BYTES);
      return { status: response.status, headers: response.headers, text };
    } catch (error) {
      throw unansweredError(action, error, timedOut ? deadlineMs : null);
    } finally {
      clearTimeout(timer);
      record.durationMs = performance.now() - sentFrom;
    }
  }

  /** A non-2xx answer as an error, logged with Saleschat's description (never shown to users). */
  function refused(
    endpoint: SaleschatEndpoint,
    action: string,
    answer: Answer,
    secrets: readonly string[] = [],
  ): SaleschatError {
    const error = refusalError(action, answer, {
      secrets,
      now: now(),
      // Saleschat counts the refused assign too: the next may go once a whole interval has passed.
      defaultRetryAfterMs: endpoint === 'assign' ? assignIntervalMs + ASSIGN_MARGIN_MS : 1000,
    });
    log(
      'warn',
      'Saleschat refused a request',
      {
        endpoint,
        status: answer.status,
        saleschat: error.saleschat,
        description: descriptionOf(answer.text),
      },
      secrets,
    );
    return error;
  }

  async function magicLinkOnce(scUserId: string, retries: number): Promise<MagicLink> {
    const action = 'generate a magic link';
    const answer = await send('magicLink', action, { userId: scUserId, retries });
    if (answer.status === 404) {
      throw new SaleschatError({
        code: 'SALESCHAT_ERROR',
        message: `The Saleschat user this CRM user is linked to (${scUserId}) no longer exists in the organisation: link the CRM user to an existing Saleschat user.`,
        saleschat: refused('magicLink', action, answer).saleschat,
      });
    }
    if (!is2xx(answer)) throw refused('magicLink', action, answer);
    const body = parseJson(answer.text);
    const link =
      body === undefined
        ? null
        : parseMagicLink(body, { now: now(), fallbackTtlMs: magicLinkTtlMs, allowHttp });
    if (!link) {
      throw new SaleschatError({
        code: 'SALESCHAT_ERROR',
        message:
          body === undefined
            ? "Saleschat's magic-link answer is not JSON."
            : "Saleschat's magic-link answer holds no usable link.",
      });
    }
    return link;
  }

  return {
    async createUser(user) {
      const action = 'create the user';
      const secrets = [user.password];
      const answer = await send(
        'createUser',
        action,
        {},
        {
          email: user.email,
          password: user.password,
          first_name: user.firstName,
          last_name: user.lastName,
        },
      );
      if (!is2xx(answer)) {
        const error = refused('createUser', action, answer, secrets);
        if (answer.status === 409) {
          // Status 409 marks it for callers: the one answer that says the email is taken.
          throw new SaleschatError({
            code: 'SALESCHAT_ERROR',
            status: 409,
            message: `Saleschat already has a user with this email${error.saleschat ? ` (${error.saleschat.code} ${error.saleschat.message})` : ''}.`,
            saleschat: error.saleschat,
          });
        }
        throw error;
      }
      const body = parseJson(answer.text) as { user_id?: unknown } | undefined;
      const id = body?.user_id;
      if ((typeof id !== 'string' && typeof id !== 'number') || id === '') {
        // Saleschat said yes but the id is lost: as unsure as a timeout, and reported the same way.
        throw new SaleschatError({
          code: 'SALESCHAT_UNAVAILABLE',
          status: 502,
          message: `Saleschat's answer to creating the user ${body === undefined ? 'is not JSON' : 'has no user_id'}: the user may exist in Saleschat without a known id.`,
        });
      }
      return { userId: String(id) };
    },

    async isOrgMember(scUserId) {
      const action = 'check the user';
      const answer = await send('magicLink', action, { userId: scUserId });
      if (answer.status === 404) return false;
      if (!is2xx(answer)) throw refused('magicLink', action, answer);
      return true;
    },

    magicLink(scUserId) {
      return retry((attempt) => magicLinkOnce(scUserId, attempt - 1), {
        attempts: 3,
        // With equal jitter: 150–300 ms before the second attempt, 300–600 ms before the third.
        baseDelayMs: 300,
        // Only failures a repeat can fix: 5xx and network errors. A timeout (504) already cost
        // `timeoutMs`, and repeating it would keep the user waiting several times as long.
        retryable: (error) =>
          error instanceof SaleschatError &&
          error.code === 'SALESCHAT_UNAVAILABLE' &&
          error.status === 503,
        onRetry: (attempt, error) =>
          log('warn', 'Retrying the magic-link request', {
            attempt,
            reason: (error as Error).message,
          }),
      });
    },

    async createContact(contact) {
      const action = 'create the contact';
      const secrets = [contact.phoneNumber, contact.firstName ?? '', contact.lastName ?? ''];
      // Never repeated: a create whose answer was lost may have succeeded, and a second one
      // would fail with 4090001 and hide what happened.
      const answer = await send(
        'createContact',
        action,
        {},
        {
          crm_id: contact.crmId,
          opt_in_date: contact.optInDate,
          ...(contact.firstName ? { first_name: contact.firstName } : {}),
          ...(contact.lastName ? { last_name: contact.lastName } : {}),
          phone_number: contact.phoneNumber,
          ...(contact.source === undefined ? {} : { source: contact.source }),
          ...(contact.isInbound === undefined ? {} : { is_inbound: contact.isInbound }),
        },
      ).catch((error: unknown) => {
        if (error instanceof SaleschatError && error.code === 'SALESCHAT_UNAVAILABLE') {
          log('warn', 'A contact create got no answer: Saleschat may have created it', {
            crmCustomerId: contact.crmId,
            reason: error.message,
          });
        }
        throw error;
      });
      if (!is2xx(answer)) {
        const error = refused('createContact', action, answer, secrets);
        if (error.saleschat?.code === 4090001) {
          const existing = existingContactIdOf(parseJson(answer.text), contact.crmId);
          if (existing !== undefined) return { id: existing, adopted: true };
          throw new SaleschatError({
            code: 'CONTACT_NEEDS_REPAIR',
            message: `Saleschat refused to create a contact with crm_id ${JSON.stringify(contact.crmId)} as a duplicate (${error.saleschat.code} ${error.saleschat.message}) without saying which contact it has: ${NEEDS_REPAIR_FIX}`,
            saleschat: error.saleschat,
          });
        }
        throw error;
      }
      const body = parseJson(answer.text) as { id?: unknown } | undefined;
      const id = body?.id;
      if (typeof id !== 'string' && typeof id !== 'number') {
        throw new SaleschatError({
          code: 'CONTACT_NEEDS_REPAIR',
          message: `Saleschat's answer to creating the contact for crm_id ${JSON.stringify(contact.crmId)} ${body === undefined ? 'is not JSON' : 'has no contact id'}, so its new contact's id is unknown: ${NEEDS_REPAIR_FIX}`,
        });
      }
      return { id: String(id), adopted: false };
    },

    async updateContact(contactId, update) {
      const action = 'update the contact';
      const secrets = [update.firstName ?? '', update.lastName ?? ''];
      const answer = await send(
        'updateContact',
        action,
        { contactId },
        {
          crm_id: update.crmId,
          ...(update.firstName ? { first_name: update.firstName } : {}),
          ...(update.lastName ? { last_name: update.lastName } : {}),
        },
      );
      if (answer.status === 404) {
        throw new SaleschatError({
          code: 'SALESCHAT_ERROR',
          message: `Saleschat has no contact ${JSON.stringify(contactId)} in the organisation.`,
          saleschat: refused('updateContact', action, answer, secrets).saleschat,
        });
      }
      // The answer repeats the contact; the caller already knows it.
      if (!is2xx(answer)) throw refused('updateContact', action, answer, secrets);
    },

    async assign(contactId, to, assignOptions) {
      const action = 'assign the contact';
      const answer = await send(
        'assign',
        action,
        { contactId },
        {
          ...(to.userId === undefined ? { group_id: to.groupId } : { user_id: to.userId }),
          ...(to.assignOnHandover === undefined ? {} : { assign_on_handover: to.assignOnHandover }),
        },
        assignOptions?.onSend,
      );
      if (answer.status === 404) {
        const error = new SaleschatError({
          code: 'SALESCHAT_ERROR',
          message: `Saleschat has no contact ${JSON.stringify(contactId)} in the organisation (deleted there, or a sandbox that was reset).`,
          saleschat: refused('assign', action, answer).saleschat,
        });
        missingContactErrors.add(error);
        throw error;
      }
      // The success body is not documented, so it is not read: a 2xx is the whole answer.
      if (!is2xx(answer)) throw refused('assign', action, answer);
    },
  };
}
