import { chatSuccessMessage, formatMessage, type SaleschatMessages } from './messages';
import type { SaleschatToast } from './toastStore';

/** The words of one toast, shared by what is shown and what the live region announces. */
export interface ToastText {
  tone: 'success' | 'error';
  title: string;
  description?: string;
  /** Saleschat's own refusal, `4090001 · UQ_CONSTRAINT_FAILED`. */
  upstream?: string;
  requestId?: string;
}

export function describeToast(toast: SaleschatToast, messages: SaleschatMessages): ToastText {
  switch (toast.kind) {
    case 'login':
      return { tone: 'success', title: messages['login.success'] };
    case 'chat':
      return { tone: 'success', title: chatSuccessMessage(messages, toast.name, toast) };
    case 'message':
      return { tone: toast.tone, title: toast.title, description: toast.description };
    case 'error': {
      const { code, saleschat, requestId, retryAfterMs, url } = toast.error;
      let description: string | undefined;
      if (code === 'RATE_LIMITED' && retryAfterMs !== undefined) {
        description = formatMessage(messages['toast.retryIn'], {
          seconds: Math.max(1, Math.ceil(retryAfterMs / 1000)),
        });
      } else if (code === 'POPUP_BLOCKED' && url) {
        description = messages['toast.popupHint'];
      }
      return {
        tone: 'error',
        title: messages[`error.${code}`],
        description,
        upstream: saleschat && `${saleschat.code} · ${saleschat.message}`,
        requestId,
      };
    }
  }
}

/** One line for screen readers: the visible words, in reading order. */
export function announcementOf(text: ToastText): string {
  return [text.title, text.description, text.upstream].filter(Boolean).join(' ');
}
