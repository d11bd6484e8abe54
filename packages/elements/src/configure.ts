import { DEFAULT_BASE_PATH } from '@saleschat-kit/core';
import { en, type SaleschatMessages } from '@saleschat-kit/core/messages';

export interface SaleschatElementsOptions {
  /**
   * Where the host mounted the proxy, for every element without a `base-url` attribute.
   * Default: the content of `<meta name="saleschat-base-url">`, else `'/api/saleschat'`.
   */
  baseUrl?: string;
  /** The texts to use (e.g. `fr` from `@saleschat-kit/core/locales/fr`); keys left out fall back to English. Default: English. */
  messages?: Partial<SaleschatMessages>;
}

let pageBaseUrl: string | undefined;
let catalogue: SaleschatMessages = en;

/** The connected elements, redrawn when the page's settings change. */
export const connected = new Set<{ render(): void }>();

/**
 * Page-wide settings of every Saleschat element, before or after they appear. Options left out
 * keep their current value.
 */
export function configure({ baseUrl, messages }: SaleschatElementsOptions): void {
  if (baseUrl !== undefined) pageBaseUrl = baseUrl;
  if (messages) catalogue = { ...en, ...messages };
  for (const element of connected) element.render();
}

/** The catalogue in effect. */
export const messages = (): SaleschatMessages => catalogue;

/** An element's proxy: its `base-url`, else the page's (configure(), then the `<meta>`). */
export function baseUrlOf(element: Element): string {
  return (
    element.getAttribute('base-url') ??
    pageBaseUrl ??
    document.querySelector<HTMLMetaElement>('meta[name="saleschat-base-url"]')?.content ??
    DEFAULT_BASE_PATH
  );
}
