import type { SaleschatMessages } from '@saleschat-kit/core/messages';
import { sessionFor, type ActionState } from './actions';
import { baseUrlOf, connected, messages } from './configure';
import { BUTTON_CSS, sheetOf } from './styles';

/**
 * `HTMLElement` where there is one: on a server (SSR of a Vue, Nuxt or Angular page) the module
 * still imports, and no element is defined.
 */
export const ElementBase = (globalThis.HTMLElement ?? Object) as typeof HTMLElement;

const SVG = 'http://www.w3.org/2000/svg';

/**
 * What both buttons share: a real `<button>` in a shadow root, its state, the disabled reason
 * (the CRM user not linked, or `disabled-reason`), intent (hover, focus) and the click.
 *
 * Attributes: `base-url`, `size` (`sm` | `md`), `variant` (`solid` | `outline` | `ghost` |
 * `icon`), `theme` (`light` | `dark` | `system`), `disabled`, `disabled-reason`, `tab-name`.
 * Children, if any, replace the visible label.
 */
export abstract class ActionButton extends ElementBase {
  static observedAttributes = [
    'base-url',
    'crm-customer-id',
    'lead-name',
    'disabled',
    'disabled-reason',
    'variant',
  ];

  /** The button's state: `idle`, `pending`, `success` or `error`. */
  state: ActionState = 'idle';
  #button: HTMLButtonElement;
  #icon: Element;
  #spinner: HTMLSpanElement;
  #label: Text;
  #reason: HTMLSpanElement;
  #internals: ElementInternals;
  /** From /me: `false` disables the button with the "not linked" reason. */
  #linked: boolean | undefined;
  #checked: ReturnType<typeof sessionFor> | undefined;

  /** The SVG path of the button's icon (16 × 16). */
  protected abstract readonly iconPath: string;
  /** The visible label. */
  protected abstract label(catalogue: SaleschatMessages): string;
  /** The accessible name when it says more than the label. */
  protected accessibleLabel(_catalogue: SaleschatMessages): string | undefined {
    return undefined;
  }
  /** The click, when the button is not disabled or pending. */
  protected abstract activate(): void;
  /** The pointer is over the button, or it has focus: a moment to prefetch. */
  protected intent(): void {}

  constructor() {
    super();
    this.#internals = this.attachInternals();
    const root = this.attachShadow({ mode: 'open', delegatesFocus: true });
    root.adoptedStyleSheets = [sheetOf(BUTTON_CSS)];
    const button = (this.#button = document.createElement('button'));
    button.type = 'button';
    button.part = 'button';
    this.#icon = document.createElementNS(SVG, 'svg');
    this.#icon.setAttribute('viewBox', '0 0 16 16');
    this.#icon.setAttribute('aria-hidden', 'true');
    this.#icon.append(document.createElementNS(SVG, 'path'));
    this.#spinner = document.createElement('span');
    this.#spinner.className = 'spin';
    this.#spinner.setAttribute('aria-hidden', 'true');
    const slot = document.createElement('slot');
    slot.append((this.#label = new Text()));
    this.#reason = document.createElement('span');
    this.#reason.id = 'reason';
    this.#reason.hidden = true;
    button.append(this.#icon, slot, this.#reason);
    root.append(button);
    const intent = () => {
      if (!this.#inert()) this.intent();
    };
    button.addEventListener('pointerenter', intent);
    button.addEventListener('focus', intent);
    button.addEventListener('click', () => {
      if (!this.#inert()) this.activate();
    });
  }

  connectedCallback(): void {
    connected.add(this);
    this.render();
  }

  disconnectedCallback(): void {
    connected.delete(this);
  }

  attributeChangedCallback(name: string): void {
    // A row reused for another lead starts idle.
    if (name === 'crm-customer-id') this.state = 'idle';
    this.render();
  }

  /** The session with this button's proxy. */
  protected get session() {
    return sessionFor(baseUrlOf(this));
  }

  /** The tab Saleschat opens in: `tab-name`, default `'saleschat'`. */
  protected get tabName(): string {
    return this.getAttribute('tab-name') ?? 'saleschat';
  }

  /** Sets the state (the flows call it), shown as `data-state`, `aria-busy` and `:state()`. */
  protected readonly setState = (state: ActionState): void => {
    this.state = state;
    this.render();
  };

  /** Asks /me once per proxy this button talks to (its `base-url`, or the page's, may change). */
  #checkLinked() {
    const session = this.session;
    if (session === this.#checked) return;
    this.#checked = session;
    this.#linked = undefined;
    session.linked.then((linked) => {
      if (this.#checked === session) {
        this.#linked = linked;
        this.render();
      }
    });
  }

  #reasonText(): string | undefined {
    return (
      this.getAttribute('disabled-reason') ??
      (this.#linked === false ? messages()['reason.notLinked'] : undefined)
    );
  }

  #inert(): boolean {
    return this.hasAttribute('disabled') || !!this.#reasonText() || this.state === 'pending';
  }

  /** Draws the current state, attributes and catalogue. */
  render(): void {
    if (this.isConnected) this.#checkLinked();
    const catalogue = messages();
    const button = this.#button;
    const reason = this.#reasonText();
    const pending = this.state === 'pending';
    const label = this.label(catalogue);
    const ownLabel = this.childElementCount > 0 || !!this.textContent?.trim();
    const iconOnly = this.getAttribute('variant') === 'icon';
    this.#label.data = label;
    (this.#icon.firstChild as Element).setAttribute('d', this.iconPath);
    (pending ? this.#icon : this.#spinner).replaceWith(pending ? this.#spinner : this.#icon);
    button.dataset.state = this.state;
    this.#internals.states.clear();
    this.#internals.states.add(this.state);
    toggle(button, 'aria-busy', pending && 'true');
    // A native `disabled` button cannot be focused, so its reason could never be read: with a
    // reason it is aria-disabled instead, and stays in the tab order.
    button.disabled = this.hasAttribute('disabled') && !reason;
    toggle(button, 'aria-disabled', reason && 'true');
    toggle(button, 'data-reason', reason);
    toggle(button, 'aria-describedby', reason && 'reason');
    this.#reason.textContent = reason ?? '';
    // The reason's tooltip is CSS generated content, which browsers add to a name computed
    // from content: pinning the name keeps it from changing on hover and focus.
    toggle(
      button,
      'aria-label',
      (iconOnly || !ownLabel ? this.accessibleLabel(catalogue) : undefined) ??
        (iconOnly || (reason && !ownLabel) ? label : undefined),
    );
  }
}

function toggle(element: Element, name: string, value: string | undefined | null | false) {
  if (value) element.setAttribute(name, value);
  else element.removeAttribute(name);
}
