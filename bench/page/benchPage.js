// The bench page, bundled by esbuild from the kit's built dist (bench/buildBenchPage.ts) and
// run in headless Chromium and in jsdom: the same code in both. Plain JavaScript, because
// bench/ is no workspace package and cannot resolve React's types.
import { createSaleschatClient } from '@saleschat-kit/core';
import { SaleschatProvider } from '@saleschat-kit/react';
import { ChatButton, LoginButton, SaleschatToaster } from '@saleschat-kit/ui';
import { createElement } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';

/**
 * The proxy's /me answer, so mounting measures the buttons and not a network: the render bench
 * has no proxy behind it.
 */
const linkedClient = () =>
  createSaleschatClient({
    baseUrl: '/api/saleschat',
    fetch: async () =>
      new Response(JSON.stringify({ crmUserId: 'agent-bench', linked: true }), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      }),
  });

function list(kind, count) {
  const items = Array.from({ length: count }, (_, index) =>
    kind === 'kit'
      ? createElement(ChatButton, {
          key: index,
          crmCustomerId: `L-${1001 + index}`,
          leadName: `Lead ${index}`,
        })
      : createElement('button', { key: index, type: 'button' }, 'Chat'),
  );
  return kind === 'kit'
    ? createElement(SaleschatProvider, { client: linkedClient() }, items)
    : items;
}

/**
 * Mounts `count` ChatButtons (`kind: 'kit'`, inside a SaleschatProvider) or plain buttons
 * (`'plain'`) into a fresh container and returns the milliseconds from render to committed DOM
 * plus the style and layout a browser needs before it can paint (none in jsdom). Unmounts
 * afterwards, once the provider's /me query has settled.
 */
export async function mountList(kind, count) {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  const started = performance.now();
  flushSync(() => root.render(list(kind, count)));
  // Reading a layout property forces style and layout now rather than at the next frame.
  void container.offsetHeight;
  const elapsed = performance.now() - started;
  const buttons = container.querySelectorAll('button').length;
  await new Promise((resolve) => setTimeout(resolve, 50));
  root.unmount();
  container.remove();
  if (buttons !== count) throw new Error(`mounted ${buttons} buttons, expected ${count}`);
  return elapsed;
}

/**
 * The Login button against the real proxy of this page's origin, with the toaster, as a host
 * places it. Records the time of every click (epoch ms, from the event's own time stamp) in
 * `window.benchClickAt`.
 */
export function mountLogin() {
  document.addEventListener(
    'click',
    (event) => {
      window.benchClickAt = performance.timeOrigin + event.timeStamp;
    },
    true,
  );
  const container = document.createElement('main');
  document.body.append(container);
  createRoot(container).render(
    createElement(
      SaleschatProvider,
      null,
      createElement(LoginButton, null),
      createElement(SaleschatToaster, null),
    ),
  );
}

/**
 * The browser's own floor for the same navigation: a plain button that opens an already known
 * link in the click, as `<a target>` would, with no kit involved.
 */
export function mountDirectLink(url) {
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = 'Open the link directly';
  button.addEventListener('click', () => window.open(url, 'saleschat'));
  document.body.append(button);
}
