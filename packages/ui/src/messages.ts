// The catalogue lives in core (framework-free, safe on a server); ui re-exports it unchanged.
export { chatSuccessMessage, formatMessage } from '@saleschat-kit/core/messages';
export type { SaleschatErrorMessages, SaleschatMessages } from '@saleschat-kit/core/messages';
