/** The Saleschat API endpoints the fake serves (and that faults and the log are keyed by). */
export type Endpoint = 'createUser' | 'magicLink' | 'createContact' | 'updateContact' | 'assign';

/**
 * A fault applied to requests of one endpoint, before the token, rate limits and body are
 * looked at (a faulted request does not use up rate limit). When several are set, `latencyMs`
 * delays first, then the first of `drop`, `timeout`, `status`, `malformedJson` decides the answer.
 */
export interface Fault {
  /** Delay before answering, in ms; default 0. */
  latencyMs?: number;
  /** Answer with this error status (400–599, usually a 5xx) and a Saleschat error body, changing nothing; default none. */
  status?: number;
  /** Never answer (until the server closes or the client gives up), changing nothing; default false. */
  timeout?: boolean;
  /** Destroy the connection without a response, changing nothing; default false. */
  drop?: boolean;
  /** Do the work, then answer 200 with a body that is not valid JSON; default false. */
  malformedJson?: boolean;
  /**
   * `createUser` only: create the user and answer 200 with its id as usual, but leave it out of
   * the org (Saleschat's documented "created but not added to the org" case; how Saleschat
   * signals it is a guess, see guesses.ts); default false.
   */
  notAddedToOrg?: boolean;
  /** Apply to the next N requests only, then clear itself; default: until cleared. */
  times?: number;
}

export interface FakeSaleschatOptions {
  /** Bearer token the fake accepts; default `'fake-saleschat-token'`. */
  token?: string;
  /** The one organisation the fake serves; default `'org_fake'`. */
  orgId?: string;
  /** Lifetime of a magic link in ms; default 15 minutes. */
  magicLinkTtlMs?: number;
  /** Shape of the (undocumented) magic-link body; default `'link-and-expiry'`. */
  magicLinkResponse?: 'link-and-expiry' | 'link-only' | 'nested';
  /** Clock in epoch ms, for rate limits, expiry and timestamps; default `Date.now`. */
  now?: () => number;
  /** Rate limits; default 10 requests/s per endpoint and 1 assign per 10 s per contact. */
  limits?: {
    /** Requests per sliding second, per endpoint (the fake serves one org); default 10. */
    perEndpointPerSecond?: number;
    /** Minimum gap between two assigns of one contact, in ms; default 10_000. */
    assignIntervalMs?: number;
  };
  /** Faults active from the start, per endpoint; default none. */
  faults?: Partial<Record<Endpoint, Fault>>;
  /** Origin of magic links; default Saleschat's API origin, `FAKE_DEFAULTS.baseUrl` (the server sets its own URL). */
  publicUrl?: string;
  /**
   * What a create-contact refused for a taken `crm_id` carries in `payload`: nothing (`'empty'`,
   * as documented) or the existing contact's `id` and `crm_id` (`'existing-id'`, a guess to
   * test clients against); default `'empty'`.
   */
  conflictPayload?: ConflictPayload;
  /** A chatroom with no assign and no reply for this long is deactivated; default 7 days (a guess). */
  chatroomIdleMs?: number;
}

/** What a 409 on a taken `crm_id` carries in its `payload` (see `conflictPayload`). */
export type ConflictPayload = 'empty' | 'existing-id';

/** One API request as the fake received it. */
export interface LoggedRequest {
  /** `now()` when the request arrived. */
  at: number;
  method: string;
  /** Path without the query string. */
  path: string;
  /** The matched endpoint, or `null` for a path the API does not have. */
  endpoint: Endpoint | null;
  /** Status answered; 0 while unanswered, and for `timeout` and `drop` faults. */
  status: number;
  /** The parsed JSON body, the raw text when it is not JSON, or `null` when empty. */
  body: unknown;
}

export interface FakeUser {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  askUserToUpdatePasswordOnLogin: boolean;
  createdAt: number;
}

export interface FakeContact {
  /** The Saleschat contact id. */
  id: string;
  crmId: string;
  optInDate: string;
  createDate: string;
  firstName: string | null;
  lastName: string | null;
  phoneNumber: string | null;
  governanceLevelId: string | null;
  isInbound: boolean;
  source: string | null;
  /** User id of the current assignee, or `null`. */
  assignee: string | null;
  /** Group id when the contact was assigned to a group instead of a user. */
  assigneeGroupId: string | null;
  /** `now()` of the last assign, or `null`. */
  assignedAt: number | null;
  /** User (or group) waiting for the lead's reply when assigned with `assign_on_handover`. */
  pendingHandover: { userId: string | null; groupId: string | null } | null;
}

export interface FakeChatroom {
  id: string;
  contactId: string;
  /** crm_id + first name + last name, separated by spaces, missing parts left out. */
  name: string;
  assignee: string | null;
  assignedAt: number;
}

export interface FakeSaleschat {
  /** Answers one request; the Node server and the msw handlers both call this. */
  handle(request: Request): Promise<Response>;
  /** API requests received, oldest first (admin and dashboard requests are not logged). */
  readonly requests: readonly LoggedRequest[];
  /** Number of logged requests, of one endpoint or of all. */
  countRequests(endpoint?: Endpoint): number;
  clearRequests(): void;
  /** Sets (or with `null` clears) the fault of one endpoint. */
  setFault(endpoint: Endpoint, fault: Fault | null): void;
  clearFaults(): void;
  /** Creates a user directly: no rate limit, no log entry. Throws on invalid input or a taken email. */
  seedUser(user: { email: string; firstName: string; lastName: string }): { userId: string };
  /** Members of the org, by user id. */
  readonly users: ReadonlyMap<string, FakeUser>;
  /** Users created but left out of the org (the `notAddedToOrg` fault), by user id. */
  readonly usersOutsideOrg: ReadonlyMap<string, FakeUser>;
  /** Contacts by Saleschat contact id. */
  readonly contacts: ReadonlyMap<string, FakeContact>;
  /** The user's active chatrooms, most recently assigned first. */
  chatroomsOf(userId: string): FakeChatroom[];
  /** Creates or replaces a group; a chatroom assigned to it goes to its members in turn. */
  setGroup(group: { id: string; name?: string; members: string[] }): void;
  /** The lead of a contact replies: completes a pending handover; `false` for an unknown contact. */
  simulateReply(contactId: string): boolean;
  /** A manager reassigns the contact's chatroom in the dashboard; `false` for an unknown contact or user. */
  reassignInDashboard(contactId: string, userId: string): boolean;
  /** Deletes a contact and its chatroom, as Saleschat's UI or a sandbox reset would; false if unknown. */
  deleteContact(contactId: string): boolean;
  /** Sets what a 409 on a taken `crm_id` carries (see `FakeSaleschatOptions.conflictPayload`). */
  setConflictPayload(mode: ConflictPayload): void;
  /** Forgets every user, contact, session, log entry and rate-limit window; faults go back to the options. */
  reset(): void;
}
