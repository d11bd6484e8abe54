import type { ChatResponse, SaleschatError } from '@saleschat-kit/core';
import { describe, expectTypeOf, it } from 'vitest';
import { useOpenChat, type OpenChatOptions, type SaleschatStatus } from './index';

describe('useOpenChat types', () => {
  it('takes one optional options object whose callbacks receive the lead', () => {
    expectTypeOf(useOpenChat).parameters.toEqualTypeOf<[OpenChatOptions?]>();
    useOpenChat({
      onSuccess: (data, crmCustomerId) => {
        expectTypeOf(data).toEqualTypeOf<ChatResponse>();
        expectTypeOf(crmCustomerId).toBeString();
      },
      onError: (error, crmCustomerId) => {
        expectTypeOf(error).toEqualTypeOf<SaleschatError>();
        expectTypeOf(crmCustomerId).toBeString();
      },
      onSettled: (data, error, crmCustomerId) => {
        expectTypeOf(data).toEqualTypeOf<ChatResponse | undefined>();
        expectTypeOf(error).toEqualTypeOf<SaleschatError | null>();
        expectTypeOf(crmCustomerId).toBeString();
      },
      throwOnError: true,
    });
  });

  it('returns per-lead actions, one status string and derived booleans', () => {
    const result = useOpenChat();
    expectTypeOf(result.openChat).toEqualTypeOf<(crmCustomerId: string) => void>();
    expectTypeOf(result.isPendingFor).toEqualTypeOf<(crmCustomerId: string) => boolean>();
    expectTypeOf(result.status).toEqualTypeOf<SaleschatStatus>();
    expectTypeOf(result.isPending).toBeBoolean();
    expectTypeOf(result.error).toEqualTypeOf<SaleschatError | null>();
    expectTypeOf(result.data).toEqualTypeOf<ChatResponse | undefined>();
    expectTypeOf(result.variables).toEqualTypeOf<string | undefined>();
    expectTypeOf(result.reset).toEqualTypeOf<() => void>();
  });

  it('takes a lead id string only', () => {
    // @ts-expect-error the lead is identified by its CRM customer id, a string.
    useOpenChat().openChat(42);
  });
});
