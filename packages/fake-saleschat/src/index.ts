export { createFakeSaleschat } from './createFakeSaleschat';
export { startFakeSaleschatServer } from './startFakeSaleschatServer';
export { FAKE_CLI_OPTIONS, runFakeSaleschatCli } from './runFakeSaleschatCli';
export type { FakeCliIo } from './runFakeSaleschatCli';
export type { FakeSaleschatServer, FakeSaleschatServerOptions } from './startFakeSaleschatServer';
export type {
  ConflictPayload,
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
