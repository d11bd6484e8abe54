import type { Lead, SaleschatProxyOptions } from '../packages/proxy/src/index';

function hashOf(text: string): number {
  let hash = 0;
  for (let index = 0; index < text.length; index++) {
    hash = (Math.imul(31, hash) + text.charCodeAt(index)) >>> 0;
  }
  return hash;
}

/**
 * The bench's `resolveLead`: every lead exists, opted in; its phone number is derived from its
 * id, in the range Ofcom keeps for drama.
 */
export function benchLeadOf(crmCustomerId: string): Lead {
  return {
    firstName: 'Bench',
    lastName: crmCustomerId.slice(-20),
    phone: `+447700900${String(hashOf(crmCustomerId) % 1000).padStart(3, '0')}`,
    optInDate: '2025-01-15T09:30:00.000Z',
  };
}

/**
 * The host side of a proxy the bench measures in its own process: the user from the `session`
 * cookie, every lead from `benchLeadOf`, no log, and Saleschat's limits off (the fake's are
 * raised too), so the figures measure the handler, not the limits.
 */
export const BENCH_HOST: Pick<
  SaleschatProxyOptions,
  'authenticate' | 'resolveLead' | 'logger' | 'rateLimit'
> = {
  authenticate: (request) => {
    const session = /session=([^;]+)/.exec(request.headers.get('Cookie') ?? '')?.[1];
    return session ? { crmUserId: session } : null;
  },
  resolveLead: benchLeadOf,
  logger: null,
  rateLimit: { requestsPerSecond: Infinity, assignIntervalMs: 0 },
};
