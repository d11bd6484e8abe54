export { createSaleschatProxy } from './createSaleschatProxy';
export type { SaleschatProxy } from './createSaleschatProxy';
export type {
  Awaitable,
  Lead,
  LeadDenied,
  ProxyLogger,
  ProxyUser,
  RateLimitOptions,
  SaleschatConfig,
  SaleschatProxyOptions,
} from './types';
export { toNodeHandler } from './toNodeHandler';
export type { NodeHandler } from './toNodeHandler';
export { toExpressMiddleware } from './toExpressMiddleware';
export type { ExpressMiddleware } from './toExpressMiddleware';
export type { NodeRequest } from './serveNodeRequest';
export { createEmbeddedStore, DEFAULT_DATA_DIR } from './store/createEmbeddedStore';
export type { EmbeddedStoreOptions } from './store/createEmbeddedStore';
export { createPostgresStore } from './store/createPostgresStore';
export type { PgPoolLike, PostgresStoreOptions } from './store/createPostgresStore';
export type { ContactRecord, Store, StoreQueries, UserRecord } from './store/types';
