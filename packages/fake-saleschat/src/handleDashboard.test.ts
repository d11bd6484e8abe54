import { JSDOM, CookieJar } from 'jsdom';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeSaleschatServer } from './startFakeSaleschatServer';

let clock = 1_800_000_000_000;
const server = await startFakeSaleschatServer({
  now: () => clock,
  magicLinkTtlMs: 60_000,
  limits: { perEndpointPerSecond: 1000 },
});
afterAll(() => server.close());
beforeEach(() => {
  server.fake.reset();
  clock += 3_600_000;
});

const api = (method: string, path: string, body?: unknown) =>
  fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: 'Bearer fake-saleschat-token' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

async function magicLink(userId: string): Promise<string> {
  const response = await api('GET', `/v1/org/org_fake/user/${userId}/magiclink`);
  return ((await response.json()) as { magic_link: string }).magic_link;
}

async function chatWith(userId: string, crmId: string, names: Record<string, string> = {}) {
  const created = await api('POST', '/v2/org/org_fake/contact', {
    crm_id: crmId,
    opt_in_date: '2026-01-01T00:00:00Z',
    phone_number: '+15550001111',
    ...names,
  });
  const { id } = (await created.json()) as { id: string };
  expect(
    (await api('POST', `/v3/orgs/org_fake/contacts/${id}/assign`, { user_id: userId })).status,
  ).toBe(200);
  return id;
}

/** Follows a magic link by hand and returns the session cookie it sets. */
async function logIn(userId: string): Promise<string> {
  const response = await fetch(await magicLink(userId), { redirect: 'manual' });
  expect(response.status).toBe(302);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

function parse(html: string): Document {
  return new JSDOM(html).window.document;
}

describe('magic link', () => {
  it('opens a session with an HttpOnly cookie and redirects to the dashboard', async () => {
    const { userId } = server.fake.seedUser({
      email: 'ann@example.com',
      firstName: 'Ann',
      lastName: 'Lee',
    });
    const response = await fetch(await magicLink(userId), { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/dashboard');
    expect(response.headers.get('set-cookie')).toMatch(
      /^fake_saleschat_session=[\w-]+; Path=\/; HttpOnly; SameSite=Lax$/,
    );
  });

  it('works again until it expires, then shows a clear 410 page', async () => {
    const { userId } = server.fake.seedUser({
      email: 'ann@example.com',
      firstName: 'Ann',
      lastName: 'Lee',
    });
    const link = await magicLink(userId);
    clock += 59_999;
    expect((await fetch(link, { redirect: 'manual' })).status).toBe(302);
    clock += 1;
    const expired = await fetch(link, { redirect: 'manual' });
    expect(expired.status).toBe(410);
    expect(expired.headers.get('set-cookie')).toBeNull();
    expect(parse(await expired.text()).body.textContent).toContain('This magic link has expired');
  });

  it('answers 404 for a link it never made', async () => {
    const response = await fetch(`${server.url}/magic/made-up`, { redirect: 'manual' });
    expect(response.status).toBe(404);
    expect(parse(await response.text()).body.textContent).toContain('This magic link is not valid');
  });
});

describe('dashboard', () => {
  it('shows who is logged in and their chatrooms, most recently assigned on top', async () => {
    const { userId } = server.fake.seedUser({
      email: 'ann@example.com',
      firstName: 'Ann',
      lastName: 'Lee',
    });
    const other = server.fake.seedUser({
      email: 'cy@example.com',
      firstName: 'Cy',
      lastName: 'Oh',
    });
    await chatWith(userId, 'C-1', { first_name: 'Bo', last_name: 'Diaz' });
    await chatWith(userId, 'C-2', { first_name: 'Eve' });
    await chatWith(other.userId, 'C-3');
    const response = await fetch(`${server.url}/dashboard`, {
      headers: { cookie: await logIn(userId) },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    const document = parse(html);
    expect(document.querySelector('#agent')?.textContent).toBe('Logged in as Ann Lee');
    const items = [...document.querySelectorAll('ul[role="list"] > li')].map(
      (item) => item.textContent,
    );
    expect(items).toEqual(['C-2 Eve', 'C-1 Bo Diaz']);
    expect(html).not.toContain('+15550001111');
  });

  it('escapes names so they show as text and run nothing', async () => {
    const { userId } = server.fake.seedUser({
      email: 'x@example.com',
      firstName: '<b>Ann</b>',
      lastName: '"Lee"',
    });
    await chatWith(userId, '<script>alert(1)</script>', { first_name: "<img src=x onerror='1'>" });
    const html = await (
      await fetch(`${server.url}/dashboard`, { headers: { cookie: await logIn(userId) } })
    ).text();
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>Ann');
    const document = parse(html);
    expect(document.querySelector('#agent')?.textContent).toBe('Logged in as <b>Ann</b> "Lee"');
    expect(document.querySelector('li')?.textContent).toBe(
      "<script>alert(1)</script> <img src=x onerror='1'>",
    );
  });

  it('limits what the page may run with a nonce-based Content-Security-Policy', async () => {
    const { userId } = server.fake.seedUser({
      email: 'ann@example.com',
      firstName: 'Ann',
      lastName: 'Lee',
    });
    const response = await fetch(`${server.url}/dashboard`, {
      headers: { cookie: await logIn(userId) },
    });
    const policy = response.headers.get('content-security-policy') ?? '';
    const nonce = /script-src 'nonce-([\w-]+)'/.exec(policy)?.[1];
    expect(policy).toContain("default-src 'none'");
    expect(await response.text()).toContain(`<script nonce="${nonce}">`);
  });

  it('answers 401 without a session, or with an unknown one', async () => {
    for (const headers of [{}, { cookie: 'fake_saleschat_session=forged' }] as Record<
      string,
      string
    >[]) {
      const response = await fetch(`${server.url}/dashboard`, { headers });
      expect(response.status).toBe(401);
      expect(parse(await response.text()).body.textContent).toContain('Open a magic link');
      const state = await fetch(`${server.url}/dashboard/state?tab=x`, { headers });
      expect(state.status).toBe(401);
    }
  });

  it('keeps only the newest tab of an agent active', async () => {
    const { userId } = server.fake.seedUser({
      email: 'ann@example.com',
      firstName: 'Ann',
      lastName: 'Lee',
    });
    const other = server.fake.seedUser({
      email: 'cy@example.com',
      firstName: 'Cy',
      lastName: 'Oh',
    });
    const cookie = await logIn(userId);
    const tabOf = async (sessionCookie: string) => {
      const html = await (
        await fetch(`${server.url}/dashboard`, { headers: { cookie: sessionCookie } })
      ).text();
      return parse(html).body.dataset.tabId ?? '';
    };
    const isActive = async (sessionCookie: string, tab: string) => {
      const response = await fetch(`${server.url}/dashboard/state?tab=${tab}`, {
        headers: { cookie: sessionCookie },
      });
      return ((await response.json()) as { active: boolean }).active;
    };
    const older = await tabOf(cookie);
    expect(await isActive(cookie, older)).toBe(true);
    // A newer tab, even through another magic link, takes over.
    const newerCookie = await logIn(userId);
    const newer = await tabOf(newerCookie);
    expect(await isActive(cookie, older)).toBe(false);
    expect(await isActive(cookie, newer)).toBe(true);
    // Another agent's tab does not affect this agent's.
    const othersTab = await tabOf(await logIn(other.userId));
    expect(await isActive(newerCookie, newer)).toBe(true);
    expect(othersTab).not.toBe(newer);
  });

  it('updates an open page: a new chatroom appears on top and an older tab says it is inactive', async () => {
    const { userId } = server.fake.seedUser({
      email: 'ann@example.com',
      firstName: 'Ann',
      lastName: 'Lee',
    });
    await chatWith(userId, 'C-1');
    const cookieJar = new CookieJar();
    // jsdom follows the magic link's redirect and keeps the session cookie in its jar.
    const login = await JSDOM.fromURL(await magicLink(userId), { cookieJar });
    expect(login.window.location.pathname).toBe('/dashboard');
    login.window.close();
    // Pages run their polling script (XMLHttpRequest: jsdom has no fetch), 10× faster than by default.
    const open = () =>
      JSDOM.fromURL(`${server.url}/dashboard?pollMs=100`, { cookieJar, runScripts: 'dangerously' });
    const first = await open();
    try {
      const names = () =>
        [...first.window.document.querySelectorAll('li')].map((item) => item.textContent);
      expect(names()).toEqual(['C-1']);
      await chatWith(userId, 'C-2');
      await expect.poll(names, { timeout: 3000, interval: 100 }).toEqual(['C-2', 'C-1']);
      const banner = first.window.document.querySelector('[role="alert"]') as HTMLElement;
      expect(banner.hidden).toBe(true);

      const second = await open();
      try {
        await expect.poll(() => banner.hidden, { timeout: 3000, interval: 100 }).toBe(false);
        expect(banner.textContent).toContain('This tab is inactive');
        expect(first.window.document.body.dataset.state).toBe('inactive');
      } finally {
        second.window.close();
      }
    } finally {
      first.window.close();
    }
  });
});
