import type {
  Logger,
  RedactedLog,
  SaleschatApi,
  SaleschatApiOptions,
} from '@saleschat-kit/saleschat-client';
import type { ContactCreates } from './createLeadContact';
import type { EmbeddedStoreOptions } from './store/createEmbeddedStore';
import type { PostgresStoreOptions } from './store/createPostgresStore';
import type { Store, UserRecord } from './store/types';

/** The calling CRM user, as the host's `authenticate` identifies them. Extra fields are passed on to `resolveLead`. */
export interface ProxyUser {
  /** The CRM's own user id; the proxy maps it to a Saleschat user. */
  crmUserId: string;
}

/** A lead's details for creating its Saleschat contact. Never sent to the browser. */
export interface Lead {
  /** Cleaned for Saleschat (`*` removed, trimmed, at most 128 characters); may be empty. */
  firstName?: string | null;
  /** Cleaned like `firstName`. */
  lastName?: string | null;
  /** E.164 (`+919999999999`); spaces, dashes, dots, brackets and a leading `00` are tolerated. */
  phone: string;
  /**
   * When the lead agreed to WhatsApp messages (a `Date` or an ISO-8601 string), sent to
   * Saleschat as `opt_in_date`. Default: none, and the `optIn` option decides.
   */
  optInDate?: Date | string | null;
  /** Where the lead came from, one of Saleschat's `source` values (like `"BTRIX"`). Default: left out. */
  source?: string;
  /** Whether the lead wrote first. Default: left out. */
  isInbound?: boolean;
}

/**
 * Whom `assignTo` hands a lead's chatroom to: `'agent'` (the calling agent), a Saleschat group
 * (Saleschat picks a member; `groupName` is what the toast shows, default the id), or
 * `{ onHandover: true }`: the calling agent (or the group), once the lead replies.
 */
export type AssignRoute =
  'agent' | { groupId: string; groupName?: string; onHandover?: boolean } | { onHandover: true };

/** What `resolveLead` returns to refuse the calling user this lead: the answer is FORBIDDEN. */
export interface LeadDenied {
  denied: true;
}

/**
 * Where the proxy writes its log lines: console-shaped (`info(message, fields)`: `console`,
 * winston) or pino-shaped (`info(fields, message)`, recognised by pino's `bindings()` method).
 */
export type ProxyLogger = Logger | PinoShapedLogger;

/** A logger that takes a line's fields first, then its message, like pino's. */
export interface PinoShapedLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
  /** How a pino-shaped logger is told from a console-shaped one. */
  bindings(): object;
}

/** Maybe a promise. */
export type Awaitable<T> = T | Promise<T>;

/** How the proxy reaches Saleschat: the client's options it passes on (see their JSDoc for defaults). */
export type SaleschatConfig = Pick<
  SaleschatApiOptions,
  'baseUrl' | 'token' | 'orgId' | 'timeoutMs' | 'createDeadlineMs' | 'magicLinkTtlMs' | 'fetch'
>;

export interface RateLimitOptions {
  /**
   * Requests per second per Saleschat endpoint: for all instances on one PostgreSQL store
   * together, for this process on the embedded store. Default: 10 (Saleschat's limit).
   */
  requestsPerSecond?: number;
  /** How long a request may wait for a free slot before it is answered RATE_LIMITED. Default: 2 000 ms. */
  maxQueueMs?: number;
  /**
   * Minimum gap between two assign requests for one contact, across instances; 300 ms are added
   * for network jitter. Default: 10 000 ms (Saleschat's limit).
   */
  assignIntervalMs?: number;
}

export interface SaleschatProxyOptions<User extends ProxyUser = ProxyUser> {
  /** How to reach Saleschat. Required. */
  saleschat: SaleschatConfig;
  /**
   * Where user links, magic links and contact mappings live: a `Store`, `{ dataDir }` for the
   * embedded SQLite store, or `{ connectionString }` for PostgreSQL. Default: embedded, in
   * `./.data/saleschat`.
   */
  store?: Store | EmbeddedStoreOptions | PostgresStoreOptions;
  /**
   * Who is calling, from the host's session (cookie, header…); `null` answers UNAUTHENTICATED.
   * Must not read the request body. Throw a core `SaleschatError` to answer with its code.
   * Required.
   */
  authenticate: (request: Request) => Awaitable<User | null>;
  /**
   * The lead behind a CRM customer id, as this user may see it. Called on every Chat, so it is
   * also the access check: `null` answers LEAD_NOT_FOUND, `{ denied: true }` FORBIDDEN (or
   * throw a core `SaleschatError` with the code to answer). Required.
   */
  resolveLead: (crmCustomerId: string, user: User) => Awaitable<Lead | LeadDenied | null>;
  /**
   * Origins besides the proxy's own that may call it with cookies (CORS and CSRF), like
   * `'https://crm.example.com'`. Default: none — same origin only.
   */
  allowedOrigins?: readonly string[];
  /**
   * Whether a reverse proxy of yours sets `X-Forwarded-Host` to the host the browser called
   * (nginx, a load balancer): the same-origin check then compares with it. Leave off when
   * clients can reach the app directly, since anyone can send that header. Default: false.
   */
  trustProxy?: boolean;
  /** Where the host mounts the proxy. Default: `'/api/saleschat'`. */
  basePath?: string;
  /**
   * Receives one line per request (request id, route, outcome code, duration, Saleschat calls
   * made) and one per notable event, already redacted: a console- or pino-shaped logger, or
   * `null` for none. Default: one JSON object per line on the console.
   */
  logger?: ProxyLogger | null;
  /** Largest request body accepted, in bytes. Default: 4 096. */
  maxBodyBytes?: number;
  /** How long a request body may take to arrive before the answer is 408, in ms. Default: 10 000. */
  bodyTimeoutMs?: number;
  /** Keeping within Saleschat's rate limits. Default: Saleschat's documented limits. */
  rateLimit?: RateLimitOptions;
  /** The clock, in epoch ms (tests pass a fake one). Default: `Date.now`. */
  now?: () => number;
  /**
   * A Chat for a lead without `optInDate`: `'require'` refuses it with OPT_IN_MISSING and calls
   * Saleschat not at all; `'assume-at-first-chat'` sends the first click's time. Default: `'require'`.
   */
  optIn?: 'require' | 'assume-at-first-chat';
  /**
   * How long a recorded assignment is trusted: a repeat click inside it answers from the store,
   * one after it assigns again (the chatroom may have been reassigned in the dashboard, or
   * deactivated). Default: 15 minutes.
   */
  assignmentFreshMs?: number;
  /** Whom a lead's chatroom goes to (see `AssignRoute`); `null`/`undefined` is the agent. Default: the calling agent. */
  assignTo?: (lead: Lead, user: User) => Awaitable<AssignRoute | null | undefined>;
}

/** The Chat options with their defaults applied. */
export interface ChatPolicy {
  optIn: 'require' | 'assume-at-first-chat';
  assignmentFreshMs: number;
  assignTo: (lead: Lead, user: ProxyUser) => Awaitable<AssignRoute | null | undefined>;
}

/** Shares one in-flight call per key: concurrent callers with the same key get the same outcome. */
export interface SingleFlight {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}

/** What the routes need, built once by `createSaleschatProxy`. */
export interface ProxyContext {
  store: Store;
  api: SaleschatApi;
  now: () => number;
  log: RedactedLog;
  flights: SingleFlight;
  /** The user's record when it is linked to a Saleschat user; throws USER_NOT_LINKED otherwise. */
  linked(user: UserRecord | null): UserRecord & { scUserId: string };
  resolveLead: (crmCustomerId: string, user: ProxyUser) => Awaitable<Lead | LeadDenied | null>;
  assignIntervalMs: number;
  /** Contact creates in flight, which outlive the click that sent them. */
  creates: ContactCreates;
  chat: ChatPolicy;
  /** Counts a login answered from the stored magic link (`true`) or with a new one (telemetry). */
  magicLinkCache(hit: boolean): void;
}

/**
 * What a route answers: its JSON body (`null` for none: 204), or the error to answer with.
 * `secrets` (a lead's details) are redacted from the answer and the request's log line.
 */
export type RouteOutcome =
  { body: unknown; secrets?: readonly string[] } | { error: unknown; secrets: readonly string[] };
