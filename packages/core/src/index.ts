export {
  CSRF_HEADER,
  CSRF_HEADER_VALUE,
  DEFAULT_BASE_PATH,
  ERROR_STATUS,
  PROXY_ERROR_CODES,
  REQUEST_ID_HEADER,
  ROUTES,
  describeInvalidCrmCustomerId,
} from './contract';
export type {
  AssignedTo,
  AssignmentOutcome,
  ChatRequest,
  ChatResponse,
  ClientErrorCode,
  ContactOutcome,
  ErrorBody,
  LoginResponse,
  MeResponse,
  ProxyErrorCode,
  SaleschatErrorCode,
  UpstreamError,
} from './contract';
export { SaleschatError, isErrorBody, isProxyErrorCode } from './saleschatError';
export type { SaleschatErrorInit } from './saleschatError';
export { createSaleschatClient } from './createSaleschatClient';
export type { CallOptions, SaleschatClient, SaleschatClientOptions } from './createSaleschatClient';
export type { SaleschatEvent, SaleschatEventListener, SaleschatOperation } from './events';
export { openSaleschatTab } from './openSaleschatTab';
export type { OpenSaleschatTabOptions } from './openSaleschatTab';
