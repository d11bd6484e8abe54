export { createFakeSaleschat } from './createFakeSaleschat';
export { startFakeSaleschatServer } from './startFakeSaleschatServer';
export type { FakeSaleschatServer, FakeSaleschatServerOptions } from './startFakeSaleschatServer';
export type {
  Endpoint,
  FakeChatroom,
  FakeContact,
  FakeSaleschat,
  FakeSaleschatOptions,
  FakeUser,
  Fault,
  LoggedRequest,
} from './types';
export type { SaleschatErrorBody } from './saleschatErrorResponse';
