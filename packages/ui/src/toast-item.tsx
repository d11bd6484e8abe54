import { openSaleschatTab, type SaleschatErrorCode } from '@saleschat-kit/core';
import * as Toast from '@radix-ui/react-toast';
import type { MouseEvent } from 'react';
import { describeToast } from './describeToast';
import { useSaleschatMessages } from './saleschat-messages-provider';
import { RequestId } from './request-id';
import type { SaleschatToast } from './toastStore';
import { useReadyAt } from './useReadyAt';

/** Failures where the same request can succeed a moment later. */
const RETRYABLE: readonly SaleschatErrorCode[] = [
  'NETWORK',
  'TIMEOUT',
  'SALESCHAT_UNAVAILABLE',
  'RATE_LIMITED',
];

export interface ToastItemProps {
  toast: SaleschatToast;
  /** How long a success toast stays, in ms. */
  duration: number;
  onClose: () => void;
}

/** One toast. Errors stay until dismissed: they carry actions and a request id to copy. */
export function ToastItem({ toast, duration, onClose }: ToastItemProps) {
  const messages = useSaleschatMessages();
  const text = describeToast(toast, messages);
  const error = toast.kind === 'error' ? toast.error : undefined;
  const retryAt =
    error?.code === 'RATE_LIMITED' ? toast.createdAt + (error.retryAfterMs ?? 0) : -Infinity;
  const ready = useReadyAt(retryAt);

  let action = null;
  // A real button in the toast whose click is a user gesture (Open Saleschat can open a tab from
  // it); Radix then closes the toast and the toaster gives focus back where it was.
  const button = (label: string, onClick: () => void) => (
    <Toast.Action altText={label} className="sc-toast-btn" onClick={onClick}>
      {label}
    </Toast.Action>
  );
  if (toast.kind === 'error' && error?.code === 'POPUP_BLOCKED' && error.url) {
    const url = error.url;
    const tabName = toast.tabName ?? 'saleschat';
    // The click is a user gesture, so the tab opens now. Going through core's tab opener (not
    // the plain `target` link) treats this tab as the one later logins navigate again.
    const open = (event: MouseEvent) => {
      // preventDefault also skips Radix's own close, so the toast is closed here.
      event.preventDefault();
      openSaleschatTab(url, { name: tabName }).catch(() => undefined);
      onClose();
    };
    action = (
      <Toast.Action altText={messages['toast.openSaleschat']} asChild>
        <a className="sc-toast-btn" href={url} target={tabName} onClick={open}>
          {messages['toast.openSaleschat']}
        </a>
      </Toast.Action>
    );
  } else if (toast.kind === 'chat' && toast.open) {
    action = button(messages['toast.openSaleschat'], toast.open);
  } else if (
    toast.kind === 'error' &&
    toast.retry &&
    error &&
    RETRYABLE.includes(error.code) &&
    ready
  ) {
    action = button(messages['toast.retry'], toast.retry);
  }

  const description =
    text.description &&
    (ready && retryAt > -Infinity ? messages['toast.retryNow'] : text.description);

  return (
    <Toast.Root
      className="sc-toast"
      data-tone={text.tone}
      type={text.tone === 'error' ? 'foreground' : 'background'}
      duration={text.tone === 'error' ? Infinity : duration}
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
    >
      <Toast.Title className="sc-toast-title">{text.title}</Toast.Title>
      {description && (
        <Toast.Description className="sc-toast-meta">{description}</Toast.Description>
      )}
      {text.upstream && (
        <p className="sc-toast-meta">
          <code>{text.upstream}</code>
        </p>
      )}
      {text.requestId && <RequestId id={text.requestId} />}
      {action && <div className="sc-toast-actions">{action}</div>}
      <Toast.Close className="sc-toast-close" aria-label={messages['toast.close']}>
        <span aria-hidden="true">×</span>
      </Toast.Close>
    </Toast.Root>
  );
}
