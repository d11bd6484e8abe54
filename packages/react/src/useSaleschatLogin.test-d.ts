import type { LoginResponse, SaleschatError } from '@saleschat-kit/core';
import { describe, expectTypeOf, it } from 'vitest';
import { useSaleschatLogin, type SaleschatLoginOptions, type SaleschatStatus } from './index';

describe('useSaleschatLogin types', () => {
  it('takes one optional options object', () => {
    expectTypeOf(useSaleschatLogin).parameters.toEqualTypeOf<[SaleschatLoginOptions?]>();
    expectTypeOf<SaleschatLoginOptions>().toEqualTypeOf<{
      tabName?: string;
      onSuccess?: (data: LoginResponse) => void;
      onError?: (error: SaleschatError) => void;
      throwOnError?: boolean;
    }>();
  });

  it('returns actions, one status string and derived booleans', () => {
    const result = useSaleschatLogin();
    expectTypeOf(result.login).toEqualTypeOf<() => void>();
    expectTypeOf(result.prefetch).toEqualTypeOf<() => void>();
    expectTypeOf(result.reset).toEqualTypeOf<() => void>();
    expectTypeOf(result.status).toEqualTypeOf<SaleschatStatus>();
    expectTypeOf<SaleschatStatus>().toEqualTypeOf<'idle' | 'pending' | 'success' | 'error'>();
    expectTypeOf(result.isIdle).toBeBoolean();
    expectTypeOf(result.isPending).toBeBoolean();
    expectTypeOf(result.isSuccess).toBeBoolean();
    expectTypeOf(result.isError).toBeBoolean();
    expectTypeOf(result.error).toEqualTypeOf<SaleschatError | null>();
    expectTypeOf(result.data).toEqualTypeOf<LoginResponse | undefined>();
  });

  it('rejects unknown options', () => {
    // @ts-expect-error `name` is not an option; the tab's name is `tabName`.
    useSaleschatLogin({ name: 'saleschat' });
  });
});
