import { createFaultTable, type FaultTable } from './faultTable';
import { DEFAULT_MAGIC_LINK_TTL_MS } from './guesses';
import { DEFAULT_CHATROOM_IDLE_MS, type FakeGroup } from './routing';
import {
  createSlidingWindowLimiter,
  type SlidingWindowLimiter,
} from './createSlidingWindowLimiter';
import type {
  ConflictPayload,
  Endpoint,
  FakeContact,
  FakeSaleschatOptions,
  FakeUser,
  Fault,
  LoggedRequest,
} from './types';

/** Options with their defaults applied. */
export interface ResolvedOptions {
  token: string;
  orgId: string;
  magicLinkTtlMs: number;
  magicLinkResponse: 'link-and-expiry' | 'link-only' | 'nested';
  now: () => number;
  perEndpointPerSecond: number;
  assignIntervalMs: number;
  faults: Partial<Record<Endpoint, Fault>>;
  publicUrl: string;
  chatroomIdleMs: number;
  conflictPayload: ConflictPayload;
}

/** Where a contact's chatroom stands; its name is derived from the contact when read. */
export interface ChatroomRecord {
  id: string;
  contactId: string;
  assignee: string | null;
  assignedAt: number;
  /** The last assign or reply: the chatroom is deactivated `chatroomIdleMs` after it. */
  lastActivityAt: number;
}

/** The one in-memory model behind the API, the dashboard, the admin endpoint and msw. */
export interface FakeState {
  options: ResolvedOptions;
  users: Map<string, FakeUser>;
  /** Created but not added to the org (the `notAddedToOrg` fault): their emails are taken. */
  usersOutsideOrg: Map<string, FakeUser>;
  contacts: Map<string, FakeContact>;
  /**
   * By contact id, in assignment order: every assign deletes and re-inserts its chatroom, so
   * the last entries are the most recently assigned (a test clock may stand still).
   */
  chatrooms: Map<string, ChatroomRecord>;
  /** Groups set up through `/__admin/groups`, by group id. */
  groups: Map<string, FakeGroup>;
  magicLinks: Map<string, { userId: string; expiresAt: number }>;
  /** Dashboard session id → user id. */
  sessions: Map<string, string>;
  /** User id → the id of the one dashboard tab that is active. */
  activeTabs: Map<string, string>;
  log: LoggedRequest[];
  faults: FaultTable;
  endpointLimiter: SlidingWindowLimiter;
  assignLimiter: SlidingWindowLimiter;
}

/** What the fake uses for an option that is not given (its command line shows them too). */
export const FAKE_DEFAULTS = {
  token: 'fake-saleschat-token',
  orgId: 'org_fake',
  perEndpointPerSecond: 10,
  /** Saleschat's API origin: where msw handlers listen and magic links point unless told otherwise. */
  baseUrl: 'https://apis.saleschat.pro',
} as const;

export function resolveOptions(options: FakeSaleschatOptions): ResolvedOptions {
  return {
    token: options.token ?? FAKE_DEFAULTS.token,
    orgId: options.orgId ?? FAKE_DEFAULTS.orgId,
    magicLinkTtlMs: options.magicLinkTtlMs ?? DEFAULT_MAGIC_LINK_TTL_MS,
    magicLinkResponse: options.magicLinkResponse ?? 'link-and-expiry',
    now: options.now ?? Date.now,
    perEndpointPerSecond:
      options.limits?.perEndpointPerSecond ?? FAKE_DEFAULTS.perEndpointPerSecond,
    assignIntervalMs: options.limits?.assignIntervalMs ?? 10_000,
    faults: options.faults ?? {},
    publicUrl: (options.publicUrl ?? FAKE_DEFAULTS.baseUrl).replace(/\/+$/, ''),
    chatroomIdleMs: options.chatroomIdleMs ?? DEFAULT_CHATROOM_IDLE_MS,
    conflictPayload: options.conflictPayload ?? 'empty',
  };
}

export function createFakeState(options: ResolvedOptions): FakeState {
  const state: FakeState = {
    options,
    users: new Map(),
    usersOutsideOrg: new Map(),
    contacts: new Map(),
    chatrooms: new Map(),
    groups: new Map(),
    magicLinks: new Map(),
    sessions: new Map(),
    activeTabs: new Map(),
    log: [],
    faults: createFaultTable(),
    endpointLimiter: createSlidingWindowLimiter(options.perEndpointPerSecond, 1000),
    assignLimiter: createSlidingWindowLimiter(1, options.assignIntervalMs),
  };
  applyInitialFaults(state);
  return state;
}

export function applyInitialFaults(state: FakeState): void {
  state.faults.clear();
  for (const [endpoint, fault] of Object.entries(state.options.faults)) {
    if (fault) state.faults.set(endpoint as Endpoint, fault);
  }
}

/** crm_id + ' ' + first name + ' ' + last name, with missing or blank names left out. */
export function chatroomName(contact: FakeContact): string {
  return [contact.crmId, contact.firstName, contact.lastName]
    .filter((part): part is string => part !== null && part.trim() !== '')
    .join(' ');
}

export function findUserByEmail(state: FakeState, email: string): FakeUser | undefined {
  const wanted = email.toLowerCase();
  return [...state.users.values(), ...state.usersOutsideOrg.values()].find(
    (user) => user.email.toLowerCase() === wanted,
  );
}
