import { SaleschatError } from '@saleschat-kit/core';
import type { SaleschatApi } from '@saleschat-kit/proxy';
import { sleep } from './sleep';

/** The result of one harmless call that tells whether Saleschat accepts the token and org. */
export type AccessCheck = { ok: true } | { ok: false; message: string; fix: string };

/** A user id no org has: asking for its magic link changes nothing and answers 404 when access is fine. */
export const PROBE_USER_ID = 'saleschat-kit-access-check';

/** `undefined` when the probe was answered as access allows (the user exists or not). */
async function probe(api: SaleschatApi): Promise<SaleschatError | undefined> {
  try {
    await api.isOrgMember(PROBE_USER_ID);
    return undefined;
  } catch (caught) {
    return SaleschatError.from(caught);
  }
}

/**
 * Asks for the magic link of a user that does not exist: 404 means the token and the org were
 * accepted (Saleschat checks them first), 401/403 that they were not.
 */
export async function checkSaleschatAccess(
  api: SaleschatApi,
  baseUrl: string,
): Promise<AccessCheck> {
  let error = await probe(api);
  // A 429 says nothing about access: another client (a proxy) used this second's budget.
  for (let attempt = 1; error?.code === 'RATE_LIMITED' && attempt < 3; attempt++) {
    await sleep(error.retryAfterMs ?? 1000);
    error = await probe(api);
  }
  if (!error) return { ok: true };
  if (error.code === 'SALESCHAT_UNAVAILABLE') {
    return {
      ok: false,
      message: error.message,
      fix: `check SALESCHAT_BASE_URL (${baseUrl}) and the network; if it is right, Saleschat is down: try again later.`,
    };
  }
  // Saleschat's codes read as HTTP status + sequence (4010001, 4030001).
  const status = error.saleschat ? Math.floor(error.saleschat.code / 10_000) : undefined;
  if (status === 401 || status === 403 || /credentials/.test(error.message)) {
    return {
      ok: false,
      message: `Saleschat refused the token or the organisation (${error.saleschat ? `${error.saleschat.code} ${error.saleschat.message}` : error.message}).`,
      fix: 'check SALESCHAT_API_TOKEN (an admin token of the organisation, not expired) and SALESCHAT_ORG_ID (the organisation that token belongs to).',
    };
  }
  return {
    ok: false,
    message: error.message,
    fix: 'check SALESCHAT_BASE_URL points at the Saleschat API, and the token and organisation.',
  };
}
