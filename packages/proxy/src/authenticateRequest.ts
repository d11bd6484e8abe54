import { SaleschatError, isProxyErrorCode } from '@saleschat-kit/core';
import type { ProxyUser } from './types';

/** Any id a CRM may use, but nothing a database or a log line would choke on. */
const VALID_CRM_USER_ID = /^\P{Cc}{1,256}$/u;

/** The host's user, checked: a bad `authenticate` result is the host's bug, not the caller's. */
export async function authenticateRequest<User extends ProxyUser>(
  authenticate: (request: Request) => User | null | Promise<User | null>,
  request: Request,
): Promise<User> {
  let user: User | null;
  try {
    user = await authenticate(request);
  } catch (error) {
    if (error instanceof SaleschatError && isProxyErrorCode(error.code)) throw error;
    throw new Error('authenticate() threw', { cause: error });
  }
  if (user === null || user === undefined) {
    throw new SaleschatError({ code: 'UNAUTHENTICATED', message: 'Sign in to the CRM first.' });
  }
  if (typeof user.crmUserId !== 'string' || !VALID_CRM_USER_ID.test(user.crmUserId)) {
    throw new Error(
      'authenticate() must return { crmUserId } (1–256 characters, no control characters) or null',
    );
  }
  return user;
}
