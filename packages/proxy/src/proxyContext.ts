import type { SaleschatApi } from './createSaleschatApi';
import type { ProxyLog } from './createProxyLog';
import type { SingleFlight } from './createSingleFlight';
import type { Store } from './store/types';
import type { Awaitable, Lead, LeadDenied, ProxyUser } from './types';

/** What the route logic needs, built once by `createSaleschatProxy`. */
export interface ProxyContext {
  store: Store;
  api: SaleschatApi;
  now: () => number;
  log: ProxyLog;
  flights: SingleFlight;
  resolveLead: (crmCustomerId: string, user: ProxyUser) => Awaitable<Lead | LeadDenied | null>;
  assignIntervalMs: number;
}
