import type { MeResponse, SaleschatError } from '@saleschat-kit/core';
import { describe, expectTypeOf, it } from 'vitest';
import { useSaleschatMe } from './index';

describe('useSaleschatMe types', () => {
  it('takes nothing and tells whether the user is linked', () => {
    expectTypeOf(useSaleschatMe).parameters.toEqualTypeOf<[]>();
    const result = useSaleschatMe();
    expectTypeOf(result.status).toEqualTypeOf<'pending' | 'success' | 'error'>();
    expectTypeOf(result.data).toEqualTypeOf<MeResponse | undefined>();
    expectTypeOf(result.error).toEqualTypeOf<SaleschatError | null>();
    expectTypeOf(result.linked).toEqualTypeOf<boolean | undefined>();
  });
});
