export {
  ASSIGN_MARGIN_MS,
  E164_PATTERN,
  SALESCHAT_BASE_URL,
  SALESCHAT_ENDPOINTS,
  SALESCHAT_FIELD_LIMITS,
  SALESCHAT_RATE_LIMITS,
} from './constants';
export type { SaleschatEndpoint } from './constants';
export { createSaleschatApi, isMissingContact } from './createSaleschatApi';
export { existingContactIdOf } from './existingContactIdOf';
export type {
  AssignOptions,
  AssignTarget,
  ContactUpdate,
  NewContact,
  NewUser,
  SaleschatApi,
  SaleschatApiOptions,
  SaleschatRequestRecord,
} from './createSaleschatApi';
export { createMemorySlotBook, createRateLimiter } from './createRateLimiter';
export type {
  RateLimiter,
  RateLimiterOptions,
  SlotAnswer,
  SlotBook,
  SlotRequest,
} from './createRateLimiter';
export { cleanName, normalizePhone, saleschatLength } from './fields';
export { parseMagicLink } from './parseMagicLink';
export type { MagicLink, ParseMagicLinkOptions } from './parseMagicLink';
export { createRedactedLog, describeError, redact, redactValue, REDACTED } from './redact';
export type { LogLevel, Logger, RedactedLog } from './redact';
export { backoffDelay, retry, sleep } from './retry';
export type { BackoffOptions, RetryOptions } from './retry';
