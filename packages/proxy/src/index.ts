export { createSaleschatProxy } from './createSaleschatProxy';
export type { SaleschatProxy } from './createSaleschatProxy';
export type {
  AssignRoute,
  Awaitable,
  Lead,
  LeadDenied,
  PinoShapedLogger,
  ProxyLogger,
  ProxyUser,
  RateLimitOptions,
  SaleschatConfig,
  SaleschatProxyOptions,
} from './types';
export { jsonLineLogger } from './logger';
export { toExpressMiddleware, toNodeHandler } from './nodeAdapters';
export type { ExpressMiddleware, NodeHandler, NodeRequest } from './nodeAdapters';
export { createEmbeddedStore, DEFAULT_DATA_DIR } from './store/createEmbeddedStore';
export type { EmbeddedStoreOptions } from './store/createEmbeddedStore';
export { createPostgresStore } from './store/createPostgresStore';
export type { PgPoolLike, PostgresStoreOptions } from './store/createPostgresStore';
export type { ContactRecord, Store, StoreQueries, UserRecord } from './store/types';
