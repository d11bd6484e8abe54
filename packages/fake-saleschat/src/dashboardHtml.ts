import { escapeHtml } from './escapeHtml';

const STYLE = `
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1b1f24; background: #f6f7f9; }
  header { background: #0b5cad; color: #fff; padding: 12px 24px; }
  header h1 { font-size: 18px; margin: 0; }
  main { max-width: 640px; margin: 24px auto; padding: 0 24px; }
  #inactive { background: #fff4d6; border: 1px solid #e0b400; padding: 12px; border-radius: 6px; }
  ul { list-style: none; padding: 0; }
  li { background: #fff; border: 1px solid #d6dae0; border-radius: 6px; padding: 12px; margin: 8px 0; }
  body[data-state='inactive'] main ul { opacity: 0.6; }
`;

/**
 * Polls the tab's state so a tab learns when a newer one took over, and so a chatroom assigned
 * meanwhile shows up (end-to-end tests watch for it). XMLHttpRequest rather than fetch so the
 * page also runs in jsdom, which has no fetch.
 */
const SCRIPT = `
(function () {
  var body = document.body;
  var tab = body.getAttribute('data-tab-id');
  var interval = Number(body.getAttribute('data-poll-ms')) || 1000;
  var list = document.getElementById('chatrooms');
  var empty = document.getElementById('empty');
  var banner = document.getElementById('inactive');
  function render(state) {
    banner.hidden = state.active;
    body.setAttribute('data-state', state.active ? 'active' : 'inactive');
    var items = state.chatrooms.map(function (room) {
      var item = document.createElement('li');
      item.textContent = room.name;
      item.setAttribute('data-chatroom-id', room.id);
      return item;
    });
    list.replaceChildren.apply(list, items);
    empty.hidden = items.length > 0;
  }
  function poll() {
    var request = new XMLHttpRequest();
    request.open('GET', '/dashboard/state?tab=' + encodeURIComponent(tab));
    request.onload = function () {
      if (request.status === 200) {
        try { render(JSON.parse(request.responseText)); } catch (error) { /* keep the last view */ }
      }
      setTimeout(poll, interval);
    };
    request.onerror = function () { setTimeout(poll, interval); };
    request.send();
  }
  setTimeout(poll, interval);
})();
`;

export interface DashboardView {
  agentName: string;
  tabId: string;
  pollMs: number;
  chatrooms: { id: string; name: string }[];
  nonce: string;
}

function page(title: string, nonce: string, body: string, bodyAttributes = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style nonce="${escapeHtml(nonce)}">${STYLE}</style>
</head>
<body${bodyAttributes}>
<header><h1>Saleschat (fake)</h1></header>
${body}
</body>
</html>
`;
}

/**
 * The agent's dashboard: who is logged in, and the chatrooms, most recently assigned first.
 * The list has an explicit `role="list"` because Safari drops list semantics under
 * `list-style: none`.
 */
export function renderDashboardPage(view: DashboardView): string {
  const items = view.chatrooms
    .map((room) => `<li data-chatroom-id="${escapeHtml(room.id)}">${escapeHtml(room.name)}</li>`)
    .join('\n');
  const attributes = ` data-state="active" data-tab-id="${escapeHtml(view.tabId)}" data-poll-ms="${view.pollMs}"`;
  return page(
    'Saleschat (fake) — Dashboard',
    view.nonce,
    `<main>
<p id="agent">Logged in as ${escapeHtml(view.agentName)}</p>
<p id="inactive" role="alert" hidden>This tab is inactive: the dashboard is open in another tab.</p>
<h2 id="chatrooms-title">Chatrooms</h2>
<ul id="chatrooms" role="list" aria-labelledby="chatrooms-title">
${items}
</ul>
<p id="empty"${view.chatrooms.length > 0 ? ' hidden' : ''}>No chatrooms yet.</p>
</main>
<script nonce="${escapeHtml(view.nonce)}">${SCRIPT}</script>`,
    attributes,
  );
}

/** A page that explains why the dashboard cannot be shown (expired link, no session…). */
export function renderMessagePage(title: string, message: string, nonce: string): string {
  return page(
    `Saleschat (fake) — ${title}`,
    nonce,
    `<main>
<h2>${escapeHtml(title)}</h2>
<p>${escapeHtml(message)}</p>
</main>`,
  );
}
