import { openSaleschatTab, type SaleschatErrorCode } from '@saleschat-kit/core';
import {
  chatSuccessMessage,
  formatMessage,
  type SaleschatMessages,
} from '@saleschat-kit/core/messages';
import { ElementBase } from './action-button';
import { connected, messages } from './configure';
import { TOASTER_CSS, sheetOf } from './styles';
import { toasts, type Toast } from './toasts';

/** Failures where the same request can succeed a moment later. */
const RETRYABLE: readonly SaleschatErrorCode[] = [
  'NETWORK',
  'TIMEOUT',
  'SALESCHAT_UNAVAILABLE',
  'RATE_LIMITED',
];

/** The key that moves focus to the toasts, named in the region's label. */
const HOTKEY = 'F8';

function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
  ...children: (Node | string | false | undefined)[]
): HTMLElementTagNameMap[K] {
  const element = Object.assign(document.createElement(tag), props);
  element.append(...(children.filter(Boolean) as (Node | string)[]));
  return element;
}

/** The words of one toast: title, then what else it shows, as the React toaster says them. */
function describe(toast: Toast, catalogue: SaleschatMessages) {
  if (toast.kind === 'login') return { title: catalogue['login.success'] };
  if (toast.kind === 'chat') return { title: chatSuccessMessage(catalogue, toast.name, toast) };
  const { code, saleschat, url } = toast.error;
  return {
    title: catalogue[`error.${code}`],
    description: code === 'POPUP_BLOCKED' && url ? catalogue['toast.popupHint'] : undefined,
    upstream: saleschat && `${saleschat.code} · ${saleschat.message}`,
  };
}

/**
 * `<saleschat-toaster>`: shows the buttons' success and error toasts, fixed at the end corner of
 * the viewport. Errors stay until dismissed (they carry actions and a request id to copy);
 * successes leave after `duration` ms (default 5000), paused while the pointer or focus is on
 * them. F8 moves focus to the toasts. Screen readers hear each toast from a polite (success) or
 * assertive (error) live region that exists before the first toast. Attribute `theme` as on the
 * buttons.
 */
export class SaleschatToasterElement extends ElementBase {
  #list: HTMLOListElement;
  #region: HTMLElement;
  #status = h('div', { role: 'status', className: 'sr' });
  #alert = h('div', { role: 'alert', className: 'sr' });
  /** Drawn toasts by key, so a redraw keeps focus and countdowns of those still shown. */
  #drawn = new Map<number, HTMLLIElement>();
  #timers = new Map<number, ReturnType<typeof setTimeout>>();
  #announced = 0;
  #paused = false;
  #unsubscribe?: () => void;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [sheetOf(TOASTER_CSS)];
    this.#list = h('ol', { tabIndex: -1 });
    this.#region = h('section', {}, this.#list);
    root.append(this.#status, this.#alert, this.#region);
    const pause = (paused: boolean) => () => {
      this.#paused = paused;
      this.#arm();
    };
    this.#list.addEventListener('pointerenter', pause(true));
    this.#list.addEventListener('pointerleave', pause(false));
    this.#list.addEventListener('focusin', pause(true));
    this.#list.addEventListener('focusout', (event) => {
      if (!this.#list.contains(event.relatedTarget as Node | null)) pause(false)();
    });
  }

  connectedCallback(): void {
    connected.add(this);
    this.#unsubscribe = toasts.subscribe(() => this.#update());
    document.addEventListener('keydown', this.#onKey);
    this.render();
  }

  disconnectedCallback(): void {
    connected.delete(this);
    this.#unsubscribe?.();
    document.removeEventListener('keydown', this.#onKey);
    // A timer left running would dismiss a later toast that reuses the id (the next chat result).
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }

  #onKey = (event: KeyboardEvent) => {
    if (event.key === HOTKEY && this.#list.childElementCount > 0) this.#list.focus();
  };

  /** Redraws every toast (the catalogue changed). */
  render(): void {
    this.#region.setAttribute(
      'aria-label',
      formatMessage(messages()['toast.region'], { hotkey: HOTKEY }),
    );
    for (const item of this.#drawn.values()) item.remove();
    this.#drawn.clear();
    this.#update();
  }

  #update() {
    const list = toasts.getSnapshot();
    const catalogue = messages();
    for (const [key, item] of this.#drawn) {
      if (list.some((toast) => toast.key === key)) continue;
      // Focus inside a leaving toast would fall to <body>: keep it on the toasts.
      if (item.contains(this.shadowRoot?.activeElement ?? null)) this.#list.focus();
      item.remove();
      this.#drawn.delete(key);
      clearTimeout(this.#timers.get(key));
      this.#timers.delete(key);
    }
    for (const toast of list) {
      if (!this.#drawn.has(toast.key)) this.#drawn.set(toast.key, this.#draw(toast, catalogue));
      this.#list.append(this.#drawn.get(toast.key) as HTMLLIElement);
    }
    const newest = list.at(-1);
    if (newest && newest.key > this.#announced) {
      this.#announced = newest.key;
      const text = describe(newest, catalogue);
      const words = [text.title, 'description' in text && text.description];
      if ('upstream' in text) words.push(text.upstream);
      const region = newest.kind === 'error' ? this.#alert : this.#status;
      (region === this.#alert ? this.#status : this.#alert).replaceChildren();
      region.replaceChildren(h('span', {}, words.filter(Boolean).join(' ')));
    }
    this.#arm();
  }

  /** Success toasts leave after `duration`, counted afresh once the pointer and focus leave. */
  #arm() {
    const duration = Number(this.getAttribute('duration') ?? 5000);
    for (const toast of toasts.getSnapshot()) {
      if (toast.kind === 'error') continue;
      clearTimeout(this.#timers.get(toast.key));
      this.#timers.delete(toast.key);
      if (!this.#paused) {
        this.#timers.set(
          toast.key,
          setTimeout(() => toasts.dismiss(toast.id), duration),
        );
      }
    }
  }

  #draw(toast: Toast, catalogue: SaleschatMessages): HTMLLIElement {
    const text = describe(toast, catalogue);
    const dismiss = () => toasts.dismiss(toast.id);
    const actions = h('div', { className: 'actions' });
    const description = h('p', { className: 'meta' }, text.description);
    const item = h(
      'li',
      {},
      h('p', { className: 'title' }, text.title),
      description,
      text.upstream && h('p', { className: 'meta' }, h('code', {}, text.upstream)),
    );
    item.dataset.tone = toast.kind === 'error' ? 'error' : 'success';

    if (toast.kind === 'chat') {
      // The click is a user gesture: Login opens (or reuses) the tab from it.
      actions.append(
        h(
          'button',
          {
            type: 'button',
            onclick: () => {
              toast.open(this);
              dismiss();
            },
          },
          catalogue['toast.openSaleschat'],
        ),
      );
    }

    if (toast.kind === 'error') {
      const { error, retry, tabName } = toast;
      if (error.requestId) {
        const copy = h(
          'button',
          {
            type: 'button',
            // Without a clipboard (an insecure origin) the id stays selectable text.
            onclick: () =>
              navigator.clipboard?.writeText(error.requestId as string).then(
                () => (copy.textContent = catalogue['toast.copied']),
                () => undefined,
              ),
          },
          catalogue['toast.copy'],
        );
        item.append(
          h(
            'p',
            { className: 'meta' },
            `${catalogue['toast.requestId']} `,
            h('code', {}, error.requestId),
            ' ',
            copy,
          ),
        );
      }
      if (error.code === 'POPUP_BLOCKED' && error.url) {
        const url = error.url;
        actions.append(
          h(
            'a',
            {
              href: url,
              target: tabName,
              // Through core's tab opener, not the plain `target` link, so later logins reuse this tab.
              onclick: (event) => {
                event.preventDefault();
                openSaleschatTab(url, { name: tabName }).catch(() => undefined);
                dismiss();
              },
            },
            catalogue['toast.openSaleschat'],
          ),
        );
      } else if (RETRYABLE.includes(error.code)) {
        const offerRetry = () =>
          actions.append(h('button', { type: 'button', onclick: retry }, catalogue['toast.retry']));
        const retryAt = toast.createdAt + (error.retryAfterMs ?? 0);
        if (error.code === 'RATE_LIMITED' && error.retryAfterMs !== undefined) {
          // Counts down each second, then says it may go again and offers Retry.
          const tick = (first?: boolean) => {
            if (!first && !item.isConnected) return; // dismissed meanwhile
            const left = retryAt - Date.now();
            if (left > 0) {
              description.textContent = formatMessage(catalogue['toast.retryIn'], {
                seconds: Math.ceil(left / 1000),
              });
              setTimeout(tick, left % 1000 || 1000);
            } else {
              description.textContent = catalogue['toast.retryNow'];
              offerRetry();
            }
          };
          tick(true);
        } else offerRetry();
      }
    }
    if (!description.textContent) description.remove();
    item.append(actions);
    const close = h(
      'button',
      { type: 'button', className: 'close', onclick: dismiss },
      h('span', {}, '×'),
    );
    close.setAttribute('aria-label', catalogue['toast.close']);
    (close.firstChild as HTMLElement).setAttribute('aria-hidden', 'true');
    item.append(close);
    return item;
  }
}
