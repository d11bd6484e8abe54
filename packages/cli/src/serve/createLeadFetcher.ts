import { createHmac } from 'node:crypto';
import { SaleschatError } from '@saleschat-kit/core';
import type { Lead, LeadDenied, ProxyUser } from '@saleschat-kit/proxy';

/** The headers of a signed lead request; the host checks them (see the CLI README). */
export const LEAD_SIGNATURE_HEADERS = {
  timestamp: 'X-Saleschat-Kit-Timestamp',
  user: 'X-Saleschat-Kit-User',
  signature: 'X-Saleschat-Kit-Signature',
} as const;

/**
 * The signed text: unix seconds, method, path and CRM user id, one per line. The timestamp lets
 * the host refuse a replayed request (the README's hosts allow five minutes).
 */
export function leadSignature(
  secret: string,
  timestamp: string,
  method: string,
  path: string,
  crmUserId: string,
): string {
  return createHmac('sha256', secret)
    .update(`${timestamp}\n${method}\n${path}\n${crmUserId}`)
    .digest('hex');
}

export interface LeadFetcherOptions {
  /** `GET {leadUrl}/{crmCustomerId}`. Required. */
  leadUrl: URL;
  /** The HMAC-SHA256 key shared with the host. Required. */
  secret: string;
  /** How long the host may take. Default: 5 000 ms. */
  timeoutMs?: number;
  /** The clock, in epoch ms. Default: `Date.now`. */
  now?: () => number;
}

function hostFailure(message: string): SaleschatError {
  return new SaleschatError({ code: 'INTERNAL', message: `The CRM's lead endpoint ${message}` });
}

const optionalText = (value: unknown) =>
  value === undefined || value === null || typeof value === 'string';

/**
 * The proxy's `resolveLead` for a host in any language: asks the host's lead endpoint, signed
 * with the shared secret, for the lead as the calling user may see it. 200 is the lead, 404 none
 * (LEAD_NOT_FOUND), 403 a denial (FORBIDDEN); anything else, a timeout or a body without a phone
 * is an INTERNAL error that says which (never the body itself: it may hold a phone number).
 */
export function createLeadFetcher(options: LeadFetcherOptions) {
  const timeoutMs = options.timeoutMs ?? 5000;
  const now = options.now ?? Date.now;
  const base = options.leadUrl.href.replace(/\/+$/, '');
  return async (crmCustomerId: string, user: ProxyUser): Promise<Lead | LeadDenied | null> => {
    const url = new URL(`${base}/${encodeURIComponent(crmCustomerId)}`);
    const timestamp = String(Math.floor(now() / 1000));
    let response: Response;
    try {
      response = await fetch(url, {
        headers: {
          Accept: 'application/json',
          [LEAD_SIGNATURE_HEADERS.timestamp]: timestamp,
          [LEAD_SIGNATURE_HEADERS.user]: user.crmUserId,
          [LEAD_SIGNATURE_HEADERS.signature]: leadSignature(
            options.secret,
            timestamp,
            'GET',
            url.pathname,
            user.crmUserId,
          ),
        },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw hostFailure(
        (error as Error).name === 'TimeoutError'
          ? `did not answer within ${timeoutMs} ms.`
          : `cannot be reached (${(error as Error & { cause?: { code?: string } }).cause?.code ?? 'network error'}).`,
      );
    }
    if (response.status === 404) return null;
    if (response.status === 403) return { denied: true };
    if (response.status === 401)
      throw hostFailure(
        'refused the signature (401): check that both sides share SALESCHAT_KIT_LEAD_SECRET and their clocks agree.',
      );
    if (response.status !== 200)
      throw hostFailure(`answered ${response.status}; it answers 200, 403 or 404.`);
    const body = (await response.json().catch(() => undefined)) as
      Record<string, unknown> | undefined;
    if (typeof body !== 'object' || body === null)
      throw hostFailure('answered 200 with a body that is not a JSON object.');
    const { firstName, lastName, phone, optInDate } = body;
    if (typeof phone !== 'string' || phone.trim() === '')
      throw hostFailure('answered a lead without "phone".');
    if (!optionalText(firstName) || !optionalText(lastName) || !optionalText(optInDate)) {
      throw hostFailure(
        'answered a lead whose "firstName", "lastName" or "optInDate" is not a string.',
      );
    }
    return {
      phone,
      firstName: firstName as string | null | undefined,
      lastName: lastName as string | null | undefined,
      ...(optInDate ? { optInDate: optInDate as string } : {}),
    };
  };
}
