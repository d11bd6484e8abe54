import { PROXY_ERROR_CODES, type ProxyErrorCode } from '@saleschat-kit/core';

/** How a successful `POST /chat` went: the contact, the assignment, or whom the host routed it to. */
const CHAT_OUTCOMES = [
  'success',
  'created',
  'existing',
  'reassigned',
  'unchanged',
  'group',
  'handover',
] as const;

/**
 * What the fake proxy answers, by name:
 * - `success` (= `created`), `created`, `existing`, `reassigned`, `unchanged`: every route succeeds,
 *   and `POST /chat` reports that contact / assignment outcome;
 * - `group`, `handover`: an existing contact the host routed to the "Sales" group
 *   (`assignedTo: { to: 'group', groupName: 'Sales' }`), or to be assigned once the lead replies;
 * - a proxy error code (`LEAD_NOT_FOUND`, `RATE_LIMITED`…): `/login` and `/chat` answer that error,
 *   `/me` still says linked (so buttons stay enabled and the error shows on click);
 * - `slow`: every route succeeds only after `delayMs`, and never without it (a pending state);
 * - `notLinked`: `/me` says `linked: false`, `/login` and `/chat` answer `USER_NOT_LINKED`.
 *
 * A blocked popup is not a server answer: see `blockPopups`.
 */
export type SaleschatScenario =
  (typeof CHAT_OUTCOMES)[number] | ProxyErrorCode | 'slow' | 'notLinked';

/** Every scenario name, e.g. to build one story or one test per scenario. */
export const SALESCHAT_SCENARIOS: readonly SaleschatScenario[] = [
  ...CHAT_OUTCOMES,
  ...PROXY_ERROR_CODES,
  'slow',
  'notLinked',
];
