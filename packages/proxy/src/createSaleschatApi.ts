import { SaleschatError, type UpstreamError } from '@saleschat-kit/core';
import type { RateLimiter } from './createRateLimiter';
import type { ProxyLog } from './createProxyLog';
import { parseMagicLink, type MagicLink } from './parseMagicLink';
import { readLimitedText } from './readLimitedText';
import { redact } from './redact';

/** The Saleschat endpoints the kit calls; rate limits are kept per endpoint. */
export type SaleschatEndpoint = 'createUser' | 'magicLink' | 'createContact' | 'assign';

/** A user as `POST /v1/org/{orgId}/user` takes it (already validated by the caller). */
export interface NewUser {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
}

/** A contact as `POST /v2/org/{orgId}/contact` takes it; names already cleaned. */
export interface NewContact {
  crmId: string;
  optInDate: string;
  firstName?: string;
  lastName?: string;
  phoneNumber: string;
}

/** The calls the proxy makes, each mapped to the kit's error codes. */
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
  magicLink(scUserId: string): Promise<MagicLink>;
  createContact(contact: NewContact): Promise<{ id: string }>;
  assign(contactId: string, scUserId: string): Promise<void>;
}

export interface SaleschatApiConfig {
  baseUrl: string;
  token: string;
  orgId: string;
  timeoutMs: number;
  magicLinkTtlMs: number;
  assignIntervalMs: number;
  fetch: typeof fetch;
  now: () => number;
  limiter: RateLimiter;
  log: ProxyLog;
}

/** Saleschat's answers are small JSON documents; anything bigger is not one. */
const MAX_UPSTREAM_BODY_BYTES = 1024 * 1024;
/** Magic-link GETs are idempotent: up to 3 attempts on 5xx or a network failure. */
const MAGIC_LINK_ATTEMPTS = 3;
const BACKOFF_BASE_MS = 150;

interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

interface SaleschatErrorBody {
  error_code?: unknown;
  error_message?: unknown;
  error_description?: unknown;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Saleschat's `{ error_code, error_message }`, when the answer has it. */
function upstreamErrorOf(text: string, secrets: readonly string[]): UpstreamError | undefined {
  const body = parseJson(text) as SaleschatErrorBody | undefined;
  if (!body || typeof body !== 'object' || typeof body.error_code !== 'number') return undefined;
  const message = typeof body.error_message === 'string' ? body.error_message : '';
  return { code: body.error_code, message: redact(message.slice(0, 200), secrets) };
}

function descriptionOf(text: string): string | undefined {
  const body = parseJson(text) as SaleschatErrorBody | undefined;
  return typeof body?.error_description === 'string'
    ? body.error_description.slice(0, 500)
    : undefined;
}

/** `Retry-After` in seconds or as an HTTP date (Saleschat does not document sending it). */
function retryAfterOf(headers: Headers, now: number): number | undefined {
  const value = headers.get('Retry-After');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function networkCodeOf(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return error instanceof Error ? error.message : 'unknown error';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The Saleschat API client: timeouts, per-endpoint rate limits, and errors in the kit's terms. */
export function createSaleschatApi(config: SaleschatApiConfig): SaleschatApi {
  const baseUrl = config.baseUrl.replace(/\/+$/, '');
  const org = encodeURIComponent(config.orgId);
  // The fake (and a local Saleschat) runs on plain http; production links must be https.
  const allowHttp = baseUrl.startsWith('http:');

  /** One request: rate limited, timed out after `timeoutMs` (the body included). */
  async function send(
    endpoint: SaleschatEndpoint,
    action: string,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<Answer> {
    await config.limiter.acquire(endpoint);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, config.timeoutMs);
    try {
      const response = await config.fetch(baseUrl + path, {
        method,
        headers: {
          Authorization: `Bearer ${config.token}`,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal,
        redirect: 'error',
      });
      const text = await readLimitedText(response.body, MAX_UPSTREAM_BODY_BYTES);
      return { status: response.status, headers: response.headers, text };
    } catch (error) {
      if (timedOut) {
        throw new SaleschatError({
          code: 'SALESCHAT_UNAVAILABLE',
          status: 504,
          message: `Saleschat did not answer within ${config.timeoutMs} ms (${action}).`,
          cause: error,
        });
      }
      throw new SaleschatError({
        code: 'SALESCHAT_UNAVAILABLE',
        status: 503,
        message: `Saleschat could not be reached (${action}: ${networkCodeOf(error)}).`,
        cause: error,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  /** A non-2xx answer in the kit's terms, with Saleschat's own code and message kept. */
  function failure(
    endpoint: SaleschatEndpoint,
    action: string,
    answer: Answer,
    secrets: readonly string[],
  ): SaleschatError {
    const saleschat = upstreamErrorOf(answer.text, secrets);
    const description = descriptionOf(answer.text);
    config.log(
      'warn',
      'Saleschat refused a request',
      { endpoint, status: answer.status, saleschat, description },
      secrets,
    );
    const said = saleschat ? `: ${saleschat.code} ${saleschat.message}` : '';
    if (answer.status === 429) {
      return new SaleschatError({
        code: 'RATE_LIMITED',
        message: `Saleschat is rate limiting ${action}: try again shortly.`,
        saleschat,
        retryAfterMs:
          retryAfterOf(answer.headers, config.now()) ??
          (endpoint === 'assign' ? config.assignIntervalMs : 1000),
      });
    }
    if (answer.status >= 500) {
      return new SaleschatError({
        code: 'SALESCHAT_UNAVAILABLE',
        status: 503,
        message: `Saleschat failed to ${action} (HTTP ${answer.status}${said}).`,
        saleschat,
      });
    }
    if (answer.status === 401 || answer.status === 403) {
      return new SaleschatError({
        code: 'SALESCHAT_ERROR',
        message: `Saleschat refused the proxy's credentials (HTTP ${answer.status}${said}): check the saleschat token and orgId options.`,
        saleschat,
      });
    }
    return new SaleschatError({
      code: 'SALESCHAT_ERROR',
      message: `Saleschat refused to ${action} (HTTP ${answer.status}${said}).`,
      saleschat,
    });
  }

  async function magicLinkOnce(scUserId: string): Promise<MagicLink> {
    const action = 'generate a magic link';
    const answer = await send(
      'magicLink',
      action,
      'GET',
      `/v1/org/${org}/user/${encodeURIComponent(scUserId)}/magiclink`,
    );
    if (answer.status === 404) {
      throw new SaleschatError({
        code: 'SALESCHAT_ERROR',
        message: `The Saleschat user this CRM user is linked to (${scUserId}) no longer exists in the organisation: link the CRM user to an existing Saleschat user.`,
        saleschat: failure('magicLink', action, answer, []).saleschat,
      });
    }
    if (answer.status < 200 || answer.status > 299) throw failure('magicLink', action, answer, []);
    const body = parseJson(answer.text);
    const link =
      body === undefined
        ? null
        : parseMagicLink(body, {
            now: config.now(),
            fallbackTtlMs: config.magicLinkTtlMs,
            allowHttp,
          });
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
      const answer = await send('createUser', action, 'POST', `/v1/org/${org}/user`, {
        email: user.email,
        password: user.password,
        first_name: user.firstName,
        last_name: user.lastName,
      });
      if (answer.status < 200 || answer.status > 299) {
        const error = failure('createUser', action, answer, secrets);
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
      const answer = await send(
        'magicLink',
        action,
        'GET',
        `/v1/org/${org}/user/${encodeURIComponent(scUserId)}/magiclink`,
      );
      if (answer.status === 404) return false;
      if (answer.status < 200 || answer.status > 299)
        throw failure('magicLink', action, answer, []);
      return true;
    },

    async magicLink(scUserId) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await magicLinkOnce(scUserId);
        } catch (error) {
          // Only failures a repeat can fix: 5xx and network errors. A timeout already cost
          // `timeoutMs`, and repeating it would keep the user waiting several times as long.
          const retryable =
            error instanceof SaleschatError &&
            error.code === 'SALESCHAT_UNAVAILABLE' &&
            error.status === 503;
          if (!retryable || attempt >= MAGIC_LINK_ATTEMPTS) throw error;
          config.log('warn', 'Retrying the magic-link request', {
            attempt,
            reason: error.message,
          });
          await sleep(BACKOFF_BASE_MS * 2 ** (attempt - 1) + Math.random() * 50);
        }
      }
    },

    async createContact(contact) {
      const action = 'create the contact';
      const secrets = [contact.phoneNumber, contact.firstName ?? '', contact.lastName ?? ''];
      // Never repeated: a create whose answer was lost may have succeeded, and a second one
      // would fail with 4090001 and hide what happened.
      const answer = await send('createContact', action, 'POST', `/v2/org/${org}/contact`, {
        crm_id: contact.crmId,
        opt_in_date: contact.optInDate,
        ...(contact.firstName ? { first_name: contact.firstName } : {}),
        ...(contact.lastName ? { last_name: contact.lastName } : {}),
        phone_number: contact.phoneNumber,
      }).catch((error: unknown) => {
        if (error instanceof SaleschatError && error.code === 'SALESCHAT_UNAVAILABLE') {
          config.log('warn', 'A contact create got no answer: Saleschat may have created it', {
            crmCustomerId: contact.crmId,
            reason: error.message,
          });
        }
        throw error;
      });
      if (answer.status < 200 || answer.status > 299) {
        const error = failure('createContact', action, answer, secrets);
        if (error.saleschat?.code === 4090001) {
          throw new SaleschatError({
            code: 'SALESCHAT_ERROR',
            message: `Saleschat already has a contact with crm_id ${JSON.stringify(contact.crmId)}, but the proxy has no record of it (the mapping was lost, or the contact was made outside the kit). Saleschat cannot look contacts up by crm_id: find the contact's id in Saleschat and restore the mapping with store.saveContact(crmCustomerId, contactId) on the proxy's store.`,
            saleschat: error.saleschat,
          });
        }
        throw error;
      }
      const body = parseJson(answer.text) as { id?: unknown } | undefined;
      const id = body?.id;
      if (typeof id !== 'string' && typeof id !== 'number') {
        config.log(
          'error',
          'Saleschat may have created a contact the proxy could not record',
          { crmCustomerId: contact.crmId, status: answer.status },
          secrets,
        );
        throw new SaleschatError({
          code: 'SALESCHAT_ERROR',
          message: `Saleschat's answer to creating the contact for crm_id ${JSON.stringify(contact.crmId)} ${body === undefined ? 'is not JSON' : 'has no contact id'}: the contact may exist in Saleschat without a record in the proxy. If Chat then fails with 4090001, restore the mapping with store.saveContact(crmCustomerId, contactId).`,
        });
      }
      return { id: String(id) };
    },

    async assign(contactId, scUserId) {
      const action = 'assign the contact';
      const answer = await send(
        'assign',
        action,
        'POST',
        `/v3/orgs/${org}/contacts/${encodeURIComponent(contactId)}/assign`,
        { user_id: scUserId },
      );
      // The success body is not documented, so it is not read: a 2xx is the whole answer.
      if (answer.status < 200 || answer.status > 299) throw failure('assign', action, answer, []);
    },
  };
}
