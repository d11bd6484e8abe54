import type { LoginResponse } from '@saleschat-kit/core';
import type { UserRecord } from './store/types';
import type { ProxyContext } from './types';

/** A stored link is handed out only while it has at least this long to live. */
export const LINK_REUSE_MARGIN_MS = 60_000;

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
  const user = context.linked(await context.store.getUser(crmUserId));
  const cached = freshLink(user, context.now());
  if (cached) {
    context.magicLinkCache(true);
    return cached;
  }

  const { link, fetched } = await context.flights.run(JSON.stringify(['login', crmUserId]), () =>
    context.store.exclusive(JSON.stringify(['user', crmUserId]), async (queries) => {
      // Another instance may have fetched a link while this one waited for the lock.
      const current = context.linked(await queries.getUser(crmUserId));
      const stored = freshLink(current, context.now());
      if (stored) return { link: stored, fetched: false };

      const fresh = await context.api.magicLink(current.scUserId);
      try {
        await queries.saveMagicLink(crmUserId, current.scUserId, fresh.url, fresh.expiresAt);
      } catch (error) {
        // The link is good; only the next login will fetch another.
        context.log('error', 'Could not store a magic link', { crmUserId, error });
      }
      return { link: { url: fresh.url, expiresAt: fresh.expiresAt.toISOString() }, fetched: true };
    }),
  );
  context.magicLinkCache(!fetched);
  return link;
}
