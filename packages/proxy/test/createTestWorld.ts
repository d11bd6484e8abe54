import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '@saleschat-kit/core';
import {
  startFakeSaleschatServer,
  type FakeSaleschatServerOptions,
} from '@saleschat-kit/fake-saleschat';
import {
  createSaleschatProxy,
  type Lead,
  type LeadDenied,
  type ProxyLogger,
  type SaleschatProxy,
  type SaleschatProxyOptions,
} from '../src/index';
import type { TestStore } from './testStores';

export const TOKEN = 'test-token-eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXRva2Vu';
export const ORG_ID = 'org_test';
/** The origin tests pretend the CRM is served from. */
export const CRM_ORIGIN = 'http://crm.test';

/** A clock that runs with real time and can jump ahead (link expiry, the 10 s assign limit). */
export interface TestClock {
  now: () => number;
  advance: (ms: number) => void;
}

export function createTestClock(): TestClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance: (ms) => {
      offset += ms;
    },
  };
}

/** Every log line the proxy wrote, as JSON text, for scans and assertions. */
export function createCapturingLogger(): { logger: ProxyLogger; lines: string[] } {
  const lines: string[] = [];
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(JSON.stringify({ level, message, fields }));
  };
  return { logger: { info: write('info'), warn: write('warn'), error: write('error') }, lines };
}

/**
 * One request over real HTTP with `node:http`, which sends any method (fetch refuses TRACE and
 * TRACK); the answer's status, headers and body text.
 */
export function sendRaw(
  url: string,
  method: string,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * POST /chat for `crmCustomerId` as the CRM page of `crmUserId` sends it (session cookie, CSRF
 * header, no Origin), for calling a proxy other than the world's own.
 */
export function chatRequest(crmUserId: string, crmCustomerId: string): Request {
  return new Request(`${CRM_ORIGIN}/api/saleschat/chat`, {
    method: 'POST',
    headers: {
      Cookie: `session=${crmUserId}`,
      [CSRF_HEADER]: CSRF_HEADER_VALUE,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ crmCustomerId }),
  });
}

export interface RequestOptions {
  method?: string;
  /** CRM user sent as the `session` cookie; `null` for none. Default: the world's first agent. */
  user?: string | null;
  /** JSON-encoded unless a string. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface TestWorld {
  fakeUrl: string;
  fake: Awaited<ReturnType<typeof startFakeSaleschatServer>>['fake'];
  proxy: SaleschatProxy;
  clock: TestClock;
  /** Log lines of every proxy this world made. */
  logs: string[];
  /** Leads `resolveLead` knows, by CRM customer id. */
  leads: Map<string, Lead | LeadDenied>;
  /** Bodies of every response the world's `request` received, for scans. */
  responses: string[];
  /** A Saleschat user in the fake, linked to a new CRM user in the store. */
  agent(): Promise<{ crmUserId: string; scUserId: string }>;
  /** A lead `resolveLead` will return, with a unique id and phone. */
  lead(details?: Partial<Lead>): { crmCustomerId: string; lead: Lead };
  /** Calls the proxy's Web handler as a browser on the CRM's origin would. */
  request(path: string, options?: RequestOptions): Promise<Response>;
  /** JSON body of a `request`. */
  json<T = Record<string, unknown>>(
    path: string,
    options?: RequestOptions,
  ): Promise<{ status: number; body: T }>;
  /**
   * Another proxy on the same fake, sharing the first proxy's store instance; pass
   * `store: testStore.option` for one with its own connection (restarts, instances side by side).
   */
  newProxy(overrides?: Partial<SaleschatProxyOptions>): SaleschatProxy;
  close(): Promise<void>;
}

let sequence = 0;
const unique = () =>
  `${Date.now().toString(36)}${(sequence++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/**
 * The fake Saleschat on a loopback port and a proxy in front of it on the given store. The
 * host callbacks are what a CRM would write: the user from a `session` cookie, leads from a
 * table.
 */
export async function createTestWorld(
  store: TestStore,
  options: {
    fake?: FakeSaleschatServerOptions;
    proxy?: Partial<SaleschatProxyOptions>;
    /** Saleschat client options on top of the fake's URL, token and org (timeouts). */
    saleschat?: Partial<SaleschatProxyOptions['saleschat']>;
  } = {},
): Promise<TestWorld> {
  const clock = createTestClock();
  const server = await startFakeSaleschatServer({
    token: TOKEN,
    orgId: ORG_ID,
    now: clock.now,
    ...options.fake,
  });
  const leads = new Map<string, Lead | LeadDenied>();
  const { logger, lines } = createCapturingLogger();
  const responses: string[] = [];
  const proxies: SaleschatProxy[] = [];
  let firstAgent: string | undefined;

  const newProxy = (overrides: Partial<SaleschatProxyOptions> = {}) => {
    const proxy = createSaleschatProxy({
      saleschat: {
        baseUrl: server.url,
        token: TOKEN,
        orgId: ORG_ID,
        timeoutMs: 2000,
        ...options.saleschat,
      },
      // The first proxy opens the store; later ones share that instance unless told otherwise
      // (two PGlite instances must never open one folder at once).
      store: proxies[0]?.store ?? store.option,
      // A real host looks the session up; here the cookie is the user id, and anything a
      // session store would not know is no user.
      authenticate: (request) => {
        const session = /(?:^|;\s*)session=([^;]+)/.exec(request.headers.get('Cookie') ?? '')?.[1];
        let crmUserId: string;
        try {
          crmUserId = decodeURIComponent(session ?? '');
        } catch {
          return null;
        }
        return /^[\w.@-]{1,100}$/.test(crmUserId) ? { crmUserId } : null;
      },
      resolveLead: (crmCustomerId) => leads.get(crmCustomerId) ?? null,
      logger,
      now: clock.now,
      ...options.proxy,
      ...overrides,
    });
    proxies.push(proxy);
    return proxy;
  };
  const proxy = newProxy();

  const world: TestWorld = {
    fakeUrl: server.url,
    fake: server.fake,
    proxy,
    clock,
    logs: lines,
    leads,
    responses,
    async agent() {
      const id = unique();
      const { userId } = server.fake.seedUser({
        email: `agent-${id}@crm.test`,
        firstName: 'Agent',
        lastName: id,
      });
      const crmUserId = `crm-user-${id}`;
      await proxy.store.linkUser(crmUserId, userId);
      firstAgent ??= crmUserId;
      return { crmUserId, scUserId: userId };
    },
    lead(details = {}) {
      const crmCustomerId = `lead-${unique()}`;
      const digits = String(Math.floor(Math.random() * 1e9)).padStart(9, '0');
      const lead: Lead = {
        firstName: 'Asha',
        lastName: 'Verma',
        phone: `+91${digits}7`,
        optInDate: '2025-01-15T09:30:00.000Z',
        ...details,
      };
      leads.set(crmCustomerId, lead);
      return { crmCustomerId, lead };
    },
    async request(path, requestOptions = {}) {
      const user = requestOptions.user === undefined ? firstAgent : requestOptions.user;
      const headers = new Headers({ [CSRF_HEADER]: CSRF_HEADER_VALUE, Origin: CRM_ORIGIN });
      if (user) headers.set('Cookie', `session=${encodeURIComponent(user)}`);
      const body = requestOptions.body;
      if (body !== undefined) headers.set('Content-Type', 'application/json');
      for (const [name, value] of Object.entries(requestOptions.headers ?? {}))
        headers.set(name, value);
      const response = await proxy.fetch(
        new Request(`${CRM_ORIGIN}/api/saleschat${path}`, {
          method: requestOptions.method ?? (path === '/me' ? 'GET' : 'POST'),
          headers,
          body:
            body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        }),
      );
      const text = await response.clone().text();
      responses.push(text);
      return response;
    },
    async json(path, requestOptions) {
      const response = await world.request(path, requestOptions);
      return { status: response.status, body: await response.json() };
    },
    newProxy,
    async close() {
      // Shared store instances are closed by their owner, the proxy that opened them.
      for (const each of proxies) await each.close();
      await server.close();
    },
  };
  return world;
}
