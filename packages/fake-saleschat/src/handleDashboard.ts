import { renderDashboardPage, renderMessagePage } from './dashboardHtml';
import type { FakeState } from './fakeState';
import { chatroomsOf } from './chatroomsOf';
import { randomToken } from './randomToken';

export const SESSION_COOKIE = 'fake_saleschat_session';

const randomId = () => randomToken(18);

function htmlResponse(html: string, status: number, nonce: string): Response {
  return new Response(html, {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      // Nothing but the page's own nonce'd style and script runs, whatever a name contains.
      'content-security-policy': `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    },
  });
}

function messagePage(status: number, title: string, message: string): Response {
  const nonce = randomId();
  return htmlResponse(renderMessagePage(title, message, nonce), status, nonce);
}

function sessionUser(state: FakeState, request: Request): string | null {
  const cookies = request.headers.get('cookie') ?? '';
  for (const part of cookies.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return state.sessions.get(value.join('=')) ?? null;
  }
  return null;
}

/** Whether a path belongs to the dashboard rather than to the API. */
export function isDashboardPath(path: string): boolean {
  return path.startsWith('/magic/') || path === '/dashboard' || path.startsWith('/dashboard/');
}

/**
 * The product side: a magic link opens a session, the dashboard lists the agent's chatrooms,
 * and only the newest dashboard tab of an agent is active.
 */
export function handleDashboard(state: FakeState, request: Request, url: URL): Response {
  if (request.method !== 'GET') return messagePage(405, 'Method not allowed', 'Use GET.');
  const path = url.pathname;

  if (path.startsWith('/magic/')) {
    const link = state.magicLinks.get(path.slice('/magic/'.length));
    if (!link || !state.users.has(link.userId)) {
      return messagePage(404, 'Unknown link', 'This magic link is not valid.');
    }
    if (state.options.now() >= link.expiresAt) {
      return messagePage(410, 'Link expired', 'This magic link has expired. Ask for a new one.');
    }
    const session = randomId();
    state.sessions.set(session, link.userId);
    return new Response(null, {
      status: 302,
      headers: {
        location: '/dashboard',
        'set-cookie': `${SESSION_COOKIE}=${session}; Path=/; HttpOnly; SameSite=Lax`,
        'cache-control': 'no-store',
      },
    });
  }

  const userId = sessionUser(state, request);
  const user = userId === null ? undefined : state.users.get(userId);
  if (path === '/dashboard/state') {
    if (!user) return Response.json({ error: 'Not logged in.' }, { status: 401 });
    const tab = url.searchParams.get('tab');
    return Response.json(
      {
        active: tab !== null && state.activeTabs.get(user.id) === tab,
        chatrooms: chatroomsOf(state, user.id).map(({ id, name }) => ({ id, name })),
      },
      { headers: { 'cache-control': 'no-store' } },
    );
  }
  if (path !== '/dashboard') return messagePage(404, 'Not found', 'There is no page here.');
  if (!user) {
    return messagePage(401, 'Not logged in', 'Open a magic link to log in to the dashboard.');
  }

  // Every load is a new tab and takes over from the ones before it.
  const tabId = randomId();
  state.activeTabs.set(user.id, tabId);
  const pollMs = Number(url.searchParams.get('pollMs'));
  const nonce = randomId();
  const html = renderDashboardPage({
    agentName: `${user.firstName} ${user.lastName}`,
    tabId,
    // Tests poll faster; a page never polls more than 20 times a second.
    pollMs: Number.isFinite(pollMs) && pollMs >= 50 && pollMs <= 60_000 ? pollMs : 1000,
    chatrooms: chatroomsOf(state, user.id).map(({ id, name }) => ({ id, name })),
    nonce,
  });
  return htmlResponse(html, 200, nonce);
}
