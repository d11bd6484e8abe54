// The README's React typing, type-checked: the elements as JSX intrinsic elements.
import type { SaleschatElementAttributes } from '@saleschat-kit/elements';
import type { DetailedHTMLProps, HTMLAttributes } from 'react';

type SaleschatElement<Tag extends keyof SaleschatElementAttributes> = DetailedHTMLProps<
  HTMLAttributes<HTMLElementTagNameMap[Tag]>,
  HTMLElementTagNameMap[Tag]
> &
  SaleschatElementAttributes[Tag];

declare module 'react' {
  // React declares its JSX types in a namespace: augmenting them takes one.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'saleschat-login-button': SaleschatElement<'saleschat-login-button'>;
      'saleschat-chat-button': SaleschatElement<'saleschat-chat-button'>;
      'saleschat-toaster': SaleschatElement<'saleschat-toaster'>;
    }
  }
}

export const ok = (
  <>
    <saleschat-login-button size="sm" />
    <saleschat-chat-button crm-customer-id="L-1001" lead-name="Ada Lovelace" variant="outline" />
    <saleschat-toaster theme="dark" duration={8000} />
  </>
);

// @ts-expect-error crm-customer-id is required
export const missingId = <saleschat-chat-button lead-name="Ada" />;
// @ts-expect-error no such variant
export const badVariant = <saleschat-login-button variant="huge" />;
