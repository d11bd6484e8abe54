import type { LoginResponse, SaleschatError } from '@saleschat-kit/core';
import { useSaleschatLogin } from '@saleschat-kit/react';
import { forwardRef } from 'react';
import { ActionButton } from './action-button';
import { LoginIcon } from './icons';
import { useSaleschatMessages } from './saleschat-messages-provider';
import { toastError } from './toastError';
import { saleschatToasts } from './toastStore';
import type { SaleschatButtonProps } from './types';

export interface LoginButtonProps extends SaleschatButtonProps {
  /** The tab's name; the same name reuses the same tab. Default: `'saleschat'`. */
  tabName?: string;
  /** Called once the tab points at the magic link. Default: none. */
  onSuccess?: (data: LoginResponse) => void;
  /** Called when no link came or the browser blocked the tab. Default: none. */
  onError?: (error: SaleschatError) => void;
}

/** Toast id: a new login result replaces the previous one instead of stacking. */
const LOGIN_TOAST = 'saleschat-login';

/**
 * Login as the kit's buttons run it: from LoginButton, and from a Chat toast's "Open Saleschat".
 * With `toast`, it says so, or shows the failure with what to do next.
 */
export function useLoginWithToasts({
  tabName,
  onSuccess,
  onError,
  toast = true,
}: Pick<LoginButtonProps, 'tabName' | 'onSuccess' | 'onError' | 'toast'>) {
  const login = useSaleschatLogin({
    tabName,
    onSuccess: (data) => {
      if (toast) saleschatToasts.show({ id: LOGIN_TOAST, kind: 'login' });
      onSuccess?.(data);
    },
    onError: (error) => {
      if (toast) toastError(LOGIN_TOAST, error, () => login.login(), tabName);
      onError?.(error);
    },
  });
  return login;
}

/**
 * Opens the Saleschat dashboard as the current CRM user, in its own tab. Prefetches the magic
 * link on hover and focus, so the click navigates at once.
 */
export const LoginButton = forwardRef<HTMLButtonElement, LoginButtonProps>(function LoginButton(
  { tabName, onSuccess, onError, toast, ...props },
  ref,
) {
  const messages = useSaleschatMessages();
  const login = useLoginWithToasts({ tabName, onSuccess, onError, toast });
  return (
    <ActionButton
      {...props}
      ref={ref}
      state={login.status}
      label={messages['login.label']}
      icon={LoginIcon}
      onActivate={login.login}
      onIntent={login.prefetch}
    />
  );
});
