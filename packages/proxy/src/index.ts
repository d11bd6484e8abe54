export { createSaleschatProxy } from './createSaleschatProxy';
export type { SaleschatProxy } from './createSaleschatProxy';
export type {
  Awaitable,
  Lead,
  LeadDenied,
  ProxyUser,
  RateLimitOptions,
  SaleschatConfig,
  SaleschatProxyOptions,
} from './types';
export type { ProxyLogger } from './createProxyLog';
export { toNodeHandler } from './toNodeHandler';
export type { NodeHandler } from './toNodeHandler';
export { toExpressMiddleware } from './toExpressMiddleware';
export type { ExpressMiddleware } from './toExpressMiddleware';
export type { NodeRequest } from './toWebRequest';
export { createEmbeddedStore, DEFAULT_DATA_DIR } from './store/createEmbeddedStore';
export type { EmbeddedStoreOptions } from './store/createEmbeddedStore';
export { createPostgresStore } from './store/createPostgresStore';
export type { PgPoolLike, PostgresStoreOptions } from './store/createPostgresStore';
export type { ContactRecord, Store, StoreQueries, UserRecord } from './store/types';
// The Saleschat client and its parts, for the `saleschat-kit` CLI (@saleschat-kit/cli).
export { createSaleschatApi } from './createSaleschatApi';
export type {
  NewContact,
  NewUser,
  SaleschatApi,
  SaleschatApiConfig,
  SaleschatEndpoint,
} from './createSaleschatApi';
export type { MagicLink } from './parseMagicLink';
export { createRateLimiter } from './createRateLimiter';
export type { RateLimiter, RateLimiterOptions } from './createRateLimiter';
export type { LogLevel, ProxyLog } from './createProxyLog';
export { redact } from './redact';
