import type { SaleschatError } from '@saleschat-kit/core';
import { saleschatToasts } from './toastStore';

/** Shows a button's failure, with what to do next. */
export function toastError(id: string, error: SaleschatError, retry: () => void, tabName?: string) {
  // Cancelled on purpose (the page navigated, the component unmounted): nothing to tell.
  if (error.code === 'ABORTED') return;
  saleschatToasts.show({ id, kind: 'error', error, retry, tabName });
}
