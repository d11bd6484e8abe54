'use client';

export { LoginButton } from './login-button';
export type { LoginButtonProps } from './login-button';
export { ChatButton } from './chat-button';
export type { ChatButtonProps } from './chat-button';
export type { SaleschatButtonProps } from './types';
export { SaleschatToaster } from './saleschat-toaster';
export type { SaleschatToasterProps } from './saleschat-toaster';
export { createToastStore, saleschatToasts } from './toastStore';
export type { SaleschatToast, ToastInput, ToastStore, ToastStoreOptions } from './toastStore';
export { SaleschatThemeProvider, useSaleschatTheme } from './theme';
export type { SaleschatTheme, SaleschatThemeProviderProps } from './theme';
export { SaleschatMessagesProvider, useSaleschatMessages } from './saleschat-messages-provider';
export type { SaleschatMessagesProviderProps } from './saleschat-messages-provider';
export { formatMessage } from './messages';
export type { SaleschatErrorMessages, SaleschatMessages } from './messages';
export { en } from './en';
