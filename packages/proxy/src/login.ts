import { SaleschatError, type LoginResponse } from '@saleschat-kit/core';
import type { UserRecord } from './store/types';
import type { ProxyContext } from './types';

/** A stored link is handed out only while it has at least this long to live. */
export const LINK_REUSE_MARGIN_MS = 60_000;

/** USER_NOT_LINKED: the CRM user has no Saleschat user yet, which only an operator can fix. */
export function userNotLinked(): SaleschatError {
  return new SaleschatError({
    code: 'USER_NOT_LINKED',
    message:
      'Your CRM user is not linked to a Saleschat user yet: ask an administrator to link it.',
  });
}

function freshLink(user: UserRecord | null, now: number): LoginResponse | null {
  const expiresAt = user?.magicLinkExpiresAt?.getTime();
  if (!user?.magicLink || expiresAt === undefined || expiresAt - now <= LINK_REUSE_MARGIN_MS) {
    return null;
  }
  return { url: user.magicLink, expiresAt: new Date(expiresAt).toISOString() };
}

/**
 * `POST /login`: the stored magic link while it has more than a minute left, else a new one
 * from Saleschat, stored before it is returned. Concurrent logins of one user share one
 * Saleschat call (in this process) and take turns on the store's lock (across processes).
 */
export async function login(context: ProxyContext, crmUserId: string): Promise<LoginResponse> {
  const user = await context.store.getUser(crmUserId);
  if (!user?.scUserId) throw userNotLinked();
  const cached = freshLink(user, context.now());
  if (cached) return cached;

  return context.flights.run(JSON.stringify(['login', crmUserId]), () =>
    context.store.exclusive(JSON.stringify(['user', crmUserId]), async (queries) => {
      // Another instance may have fetched a link while this one waited for the lock.
      const current = await queries.getUser(crmUserId);
      if (!current?.scUserId) throw userNotLinked();
      const stored = freshLink(current, context.now());
      if (stored) return stored;

      const link = await context.api.magicLink(current.scUserId);
      try {
        await queries.saveMagicLink(crmUserId, current.scUserId, link.url, link.expiresAt);
      } catch (error) {
        // The link is good; only the next login will fetch another.
        context.log('error', 'Could not store a magic link', { crmUserId, error });
      }
      return { url: link.url, expiresAt: link.expiresAt.toISOString() };
    }),
  );
}
