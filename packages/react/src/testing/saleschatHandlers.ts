import {
  CSRF_HEADER,
  CSRF_HEADER_VALUE,
  DEFAULT_BASE_PATH,
  ERROR_STATUS,
  REQUEST_ID_HEADER,
  ROUTES,
  describeInvalidCrmCustomerId,
  type ChatResponse,
  type ErrorBody,
  type LoginResponse,
  type MeResponse,
  type ProxyErrorCode,
} from '@saleschat-kit/core';
import { HttpResponse, delay, http, type RequestHandler } from 'msw';
import type { SaleschatScenario } from './scenarios';

export interface SaleschatHandlersOptions {
  /** Where the proxy is mounted, as given to `<SaleschatProvider>`. Default: `'/api/saleschat'`. */
  baseUrl?: string;
  /** Milliseconds before every answer (for `slow`: before its success). Default: none (`slow`: never). */
  delayMs?: number;
  /** The lead's name in `chatroomName` (`crmCustomerId` + name, as Saleschat names rooms). Default: `'Ada Lovelace'`. */
  contactName?: string;
  /** How long a magic link from `/login` stays valid. Default: 15 minutes. */
  linkExpiresInMs?: number;
}

/** The magic link every successful `/login` answers with. */
export const TEST_MAGIC_LINK = 'https://saleschat.example/magic-link/test';

/** Human text per code, as a proxy would send it: no names, phone numbers or tokens. */
const MESSAGES: Record<ProxyErrorCode, string> = {
  INVALID_INPUT: 'The request is not valid.',
  UNAUTHENTICATED: 'You are not signed in to the CRM.',
  FORBIDDEN: 'You may not open a chat with this lead.',
  LEAD_NOT_FOUND: 'The CRM has no such lead.',
  OPT_IN_MISSING: 'The CRM has no opt-in date for this lead.',
  USER_NOT_LINKED: 'Your CRM user has no Saleschat user yet.',
  CONTACT_NEEDS_REPAIR:
    "Saleschat may already have this lead's contact: an administrator must link it (saleschat-kit contacts link).",
  RATE_LIMITED: 'Too many requests; try again in a few seconds.',
  INTERNAL: 'Something went wrong in the Saleschat proxy.',
  SALESCHAT_ERROR: 'Saleschat refused the request.',
  SALESCHAT_UNAVAILABLE: 'Saleschat did not answer in time.',
  STORE_UNAVAILABLE: 'The proxy cannot reach its database right now; try again shortly.',
};

/** A valid `ErrorBody` with the status the contract gives its code. */
function errorResponse(code: ProxyErrorCode, request: Request, message = MESSAGES[code]) {
  const body: ErrorBody = {
    error: {
      code,
      message,
      requestId: request.headers.get(REQUEST_ID_HEADER) ?? 'test-request-id',
      ...(code === 'SALESCHAT_ERROR' && {
        saleschat: { code: 4090001, message: 'UQ_CONSTRAINT_FAILED' },
      }),
      ...(code === 'RATE_LIMITED' && { retryAfterMs: 7000 }),
    },
  };
  return HttpResponse.json(body, { status: ERROR_STATUS[code] });
}

/**
 * msw handlers for the browser ↔ proxy contract (`POST /login`, `POST /chat`, `GET /me`) that
 * answer as the named scenario. Like the real proxy they refuse a call without the CSRF header
 * (`FORBIDDEN`) and a bad `crmCustomerId` (`INVALID_INPUT`).
 *
 * @example
 * const server = setupServer(...saleschatHandlers('success'));
 * server.use(...saleschatHandlers('LEAD_NOT_FOUND')); // in one test
 */
export function saleschatHandlers(
  scenario: SaleschatScenario,
  {
    baseUrl = DEFAULT_BASE_PATH,
    delayMs,
    contactName = 'Ada Lovelace',
    linkExpiresInMs = 15 * 60_000,
  }: SaleschatHandlersOptions = {},
): RequestHandler[] {
  const root = baseUrl.replace(/\/+$/, '');
  const failure: ProxyErrorCode | undefined =
    scenario === 'notLinked'
      ? 'USER_NOT_LINKED'
      : scenario in ERROR_STATUS
        ? (scenario as ProxyErrorCode)
        : undefined;

  /** The answer to one route: the CSRF check, the scenario's delay, then `answer`. */
  const route =
    (answer: (request: Request) => Response | Promise<Response>) =>
    async ({ request }: { request: Request }) => {
      if (request.headers.get(CSRF_HEADER) !== CSRF_HEADER_VALUE) {
        return errorResponse('FORBIDDEN', request, `Missing ${CSRF_HEADER} header.`);
      }
      if (scenario === 'slow' || delayMs !== undefined) await delay(delayMs ?? 'infinite');
      return answer(request);
    };

  return [
    http.post(
      root + ROUTES.login,
      route((request) => {
        if (failure) return errorResponse(failure, request);
        const body: LoginResponse = {
          url: TEST_MAGIC_LINK,
          expiresAt: new Date(Date.now() + linkExpiresInMs).toISOString(),
        };
        return HttpResponse.json(body);
      }),
    ),
    http.post(
      root + ROUTES.chat,
      route(async (request) => {
        const { crmCustomerId } = ((await request.json().catch(() => null)) ?? {}) as {
          crmCustomerId?: unknown;
        };
        const problem = describeInvalidCrmCustomerId(crmCustomerId);
        if (problem) return errorResponse('INVALID_INPUT', request, problem);
        if (failure) return errorResponse(failure, request);
        const body: ChatResponse = {
          contactId: `contact-${String(crmCustomerId)}`,
          chatroomName: `${String(crmCustomerId)} ${contactName}`,
          contact: scenario === 'success' || scenario === 'created' ? 'created' : 'existing',
          assignment: scenario === 'reassigned' || scenario === 'unchanged' ? scenario : 'assigned',
          ...(scenario === 'group' && { assignedTo: { to: 'group', groupName: 'Sales' } }),
          ...(scenario === 'handover' && { assignedTo: { to: 'handover' } }),
        };
        return HttpResponse.json(body);
      }),
    ),
    http.get(
      root + ROUTES.me,
      route(() => {
        const body: MeResponse = { crmUserId: 'crm-user-1', linked: scenario !== 'notLinked' };
        return HttpResponse.json(body);
      }),
    ),
  ];
}
