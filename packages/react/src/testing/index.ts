export { saleschatHandlers, TEST_MAGIC_LINK } from './saleschatHandlers';
export type { SaleschatHandlersOptions } from './saleschatHandlers';
export { SALESCHAT_SCENARIOS } from './scenarios';
export type { SaleschatScenario } from './scenarios';
export { blockPopups } from './blockPopups';
