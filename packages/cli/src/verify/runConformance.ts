import {
  CSRF_HEADER,
  CSRF_HEADER_VALUE,
  ERROR_STATUS,
  ROUTES,
  isErrorBody,
  type ProxyErrorCode,
} from '@saleschat-kit/core';

/** How a CRM user the runner acts as proves who they are. */
export type Credential = { cookie: string } | { token: string };

export interface ConformanceOptions {
  /** The proxy under test, with its base path: `http://127.0.0.1:8787/api/saleschat`. Required. */
  baseUrl: string;
  /** The fake Saleschat the proxy talks to (its `/__admin` API counts upstream calls). Required. */
  fakeUrl: string;
  /** Two CRM users, both linked to Saleschat users. Required. */
  users: [Credential, Credential];
  /** Leads with known outcomes. */
  leads: {
    /** A lead both users may see, with no Saleschat contact yet. Required. */
    fresh: string;
    /** A lead the first user may not see (FORBIDDEN). Required. */
    denied: string;
    /** A lead id the CRM does not know (LEAD_NOT_FOUND). Required. */
    missing: string;
  };
  /** Texts that must appear in no answer besides the phone numbers the proxy sent (tokens). Default: the users' tokens. */
  secrets?: readonly string[];
  /** Per request. Default: 20 000 ms. */
  timeoutMs?: number;
  /** Longest wait the RATE_LIMITED check accepts before it retries. Default: 15 000 ms. */
  maxRetryWaitMs?: number;
}

/** One check's outcome. */
export interface CheckResult {
  name: string;
  ok: boolean;
  /** What was expected and what was seen, when it failed; what was seen, when it passed. */
  why: string;
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: unknown;
}

/** A failed expectation, with its reason. */
class CheckFailed extends Error {}

function expect(condition: unknown, why: string): asserts condition {
  if (!condition) throw new CheckFailed(why);
}

const CONCURRENT_CHATS = 5;

/**
 * The contract's behaviours, checked against any proxy over HTTP: what a Django, Rails or
 * Laravel port must do to be a drop-in for the kit's client. Every answer is kept and, at the
 * end, searched for phone numbers (as the proxy sent them to the fake) and tokens.
 */
export async function runConformance(options: ConformanceOptions): Promise<CheckResult[]> {
  const base = options.baseUrl.replace(/\/+$/, '');
  const fake = options.fakeUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 20_000;
  const answers: Answer[] = [];
  const results: CheckResult[] = [];

  async function call(
    route: string,
    init: { method?: string; user?: Credential; body?: string; headers?: Record<string, string> },
  ): Promise<Answer> {
    const headers = new Headers({ [CSRF_HEADER]: CSRF_HEADER_VALUE, ...init.headers });
    if (init.user && 'cookie' in init.user) headers.set('Cookie', init.user.cookie);
    if (init.user && 'token' in init.user)
      headers.set('Authorization', `Bearer ${init.user.token}`);
    if (init.body !== undefined) headers.set('Content-Type', 'application/json');
    for (const [name, value] of Object.entries(init.headers ?? {})) {
      if (value === '') headers.delete(name);
    }
    const response = await fetch(base + route, {
      method: init.method ?? 'POST',
      headers,
      body: init.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const answer = { status: response.status, headers: response.headers, text, body };
    answers.push(answer);
    return answer;
  }

  const chat = (user: Credential, crmCustomerId: string) =>
    call(ROUTES.chat, { user, body: JSON.stringify({ crmCustomerId }) });

  async function admin(path: string, method = 'GET'): Promise<unknown> {
    const response = await fetch(`${fake}/__admin${path}`, {
      method,
      signal: AbortSignal.timeout(timeoutMs),
    });
    expect(response.ok, `the fake's /__admin${path} answered ${response.status}`);
    return response.status === 204 ? undefined : response.json();
  }

  type Logged = { endpoint: string; status: number; body: Record<string, unknown> | null };
  const upstream = async (endpoint: string) =>
    (await admin(`/requests?endpoint=${endpoint}`)) as Logged[];

  /** The error answer's code, or why it is not one in the contract's shape with the right status. */
  function expectError(answer: Answer, code: ProxyErrorCode, what: string): void {
    const seen = isErrorBody(answer.body)
      ? `${answer.status} ${answer.body.error.code}`
      : `${answer.status} ${answer.text.slice(0, 80) || '(empty)'}`;
    expect(
      isErrorBody(answer.body) &&
        answer.body.error.code === code &&
        answer.status === ERROR_STATUS[code],
      `${what}: expected ${ERROR_STATUS[code]} ${code} in the error shape, got ${seen}`,
    );
  }

  async function check(name: string, run: () => Promise<string>): Promise<void> {
    try {
      results.push({ name, ok: true, why: await run() });
    } catch (error) {
      const why =
        error instanceof CheckFailed ? error.message : `could not run: ${(error as Error).message}`;
      results.push({ name, ok: false, why });
    }
  }

  const [a, b] = options.users;
  await admin('/requests', 'DELETE');

  await check('error shape and codes', async () => {
    const unknown = await call('/no-such-route', { user: a });
    expect(
      unknown.status === 404 && isErrorBody(unknown.body),
      `an unknown route: expected 404 in the error shape, got ${unknown.status}`,
    );
    expectError(await call(ROUTES.login, {}), 'UNAUTHENTICATED', 'login without credentials');
    expectError(
      await call(ROUTES.chat, { user: a, body: '{}' }),
      'INVALID_INPUT',
      'chat without crmCustomerId',
    );
    expectError(await chat(a, options.leads.missing), 'LEAD_NOT_FOUND', 'chat for an unknown lead');
    expectError(await chat(a, options.leads.denied), 'FORBIDDEN', "chat for another user's lead");
    return 'UNAUTHENTICATED, INVALID_INPUT, LEAD_NOT_FOUND, FORBIDDEN and 404 in the error shape';
  });

  await check('CSRF header required with a cookie', async () => {
    // A cookie makes the request one a cross-site form could send: without the kit's header it
    // must be refused, whatever else authenticates it.
    const headers: Record<string, string> = { [CSRF_HEADER]: '' };
    if (!('cookie' in a)) headers.Cookie = 'session=verify-proxy';
    const answer = await call(ROUTES.login, { user: a, headers });
    expectError(answer, 'FORBIDDEN', `login with a cookie and without ${CSRF_HEADER}`);
    return `refused with 403 FORBIDDEN`;
  });

  await check('foreign Origin refused', async () => {
    const answer = await call(ROUTES.login, {
      user: a,
      headers: { Origin: 'https://attacker.invalid' },
    });
    expectError(answer, 'FORBIDDEN', 'login from https://attacker.invalid');
    return 'refused with 403 FORBIDDEN';
  });

  await check('body limit', async () => {
    const huge = JSON.stringify({ crmCustomerId: 'x', pad: 'x'.repeat(64 * 1024) });
    const answer = await call(ROUTES.chat, { user: a, body: huge });
    expect(
      answer.status === 413 && isErrorBody(answer.body),
      `a 64 KiB body: expected 413 in the error shape, got ${answer.status}`,
    );
    return '64 KiB refused with 413';
  });

  await check('magic link reused', async () => {
    await admin('/requests', 'DELETE');
    const first = await call(ROUTES.login, { user: a });
    const second = await call(ROUTES.login, { user: a });
    const url = (answer: Answer) => (answer.body as { url?: unknown } | undefined)?.url;
    expect(
      first.status === 200 && typeof url(first) === 'string',
      `login: expected 200 with a url, got ${first.status} ${first.text.slice(0, 120)}`,
    );
    expect(url(second) === url(first), 'a second login soon after: expected the same link');
    const calls = (await upstream('magicLink')).length;
    expect(calls === 1, `two logins: expected 1 magic-link call to Saleschat, saw ${calls}`);
    return 'two logins, one Saleschat call, the same link';
  });

  let contactId: string | undefined;
  await check('contact created once under concurrency', async () => {
    await admin('/requests', 'DELETE');
    const all = await Promise.all(
      Array.from({ length: CONCURRENT_CHATS }, () => chat(a, options.leads.fresh)),
    );
    const ids = new Set(
      all.map((answer) => (answer.body as { contactId?: string } | undefined)?.contactId),
    );
    const statuses = all.map((answer) => answer.status);
    const creates = (await upstream('createContact')).length;
    expect(
      creates === 1,
      `${CONCURRENT_CHATS} simultaneous chats for one lead: expected 1 create call to Saleschat, saw ${creates}`,
    );
    expect(
      statuses.every((status) => status === 200) && ids.size === 1,
      `${CONCURRENT_CHATS} simultaneous chats: expected 200s naming one contact, got ${statuses.join(', ')}`,
    );
    contactId = [...ids][0];
    return `${CONCURRENT_CHATS} chats, 1 create, one contact`;
  });

  let retryAfterMs: number | undefined;
  await check('RATE_LIMITED with retryAfterMs', async () => {
    // Saleschat allows one assignment per contact every 10 s: the second user's click right
    // after the first one's must be answered RATE_LIMITED, saying how long to wait.
    const answer = await chat(b, options.leads.fresh);
    expectError(answer, 'RATE_LIMITED', "the second user's chat right after the first's");
    const error = (answer.body as { error: { retryAfterMs?: unknown } }).error;
    expect(
      typeof error.retryAfterMs === 'number' && error.retryAfterMs > 0,
      `RATE_LIMITED without a positive retryAfterMs (${JSON.stringify(error.retryAfterMs)})`,
    );
    retryAfterMs = error.retryAfterMs;
    return `429 with retryAfterMs ${retryAfterMs}`;
  });

  await check('reassignment', async () => {
    const wait = Math.min(retryAfterMs ?? 10_300, options.maxRetryWaitMs ?? 15_000);
    await new Promise((resolve) => setTimeout(resolve, wait + 200));
    const answer = await chat(b, options.leads.fresh);
    const body = answer.body as
      { contactId?: string; assignment?: string; contact?: string } | undefined;
    expect(
      answer.status === 200 && body?.assignment === 'reassigned' && body.contact === 'existing',
      `the second user's chat after ${wait} ms: expected 200 reassigned (existing contact), got ${answer.status} ${body?.assignment ?? answer.text.slice(0, 80)}`,
    );
    expect(
      contactId === undefined || body.contactId === contactId,
      'the reassigned chat names another contact',
    );
    return `reassigned after ${wait} ms`;
  });

  await check('no phone number or token in any answer', async () => {
    const sent = (await upstream('createContact'))
      .map((entry) => entry.body?.phone_number)
      .filter((phone): phone is string => typeof phone === 'string');
    const secrets = [
      ...(options.secrets ?? []),
      ...options.users.flatMap((user) => ('token' in user ? [user.token] : [])),
    ];
    // Each phone as sent and without its "+", so a reformatted copy is found too.
    const needles = [...sent, ...sent.map((phone) => phone.replace(/^\+/, '')), ...secrets].filter(
      (n) => n.length >= 6,
    );
    expect(
      needles.length > 0,
      'nothing to look for: no create reached Saleschat and no token was given',
    );
    for (const answer of answers) {
      const all = `${answer.text} ${[...answer.headers].map(([name, value]) => `${name}: ${value}`).join(' ')}`;
      const leaked = needles.find((needle) => all.includes(needle));
      expect(
        leaked === undefined,
        `an answer (${answer.status}) holds ${sent.some((phone) => leaked?.includes(phone.replace(/^\+/, ''))) ? 'a phone number' : 'a token'}`,
      );
    }
    return `${answers.length} answers searched`;
  });

  return results;
}
