import type { ProxyErrorCode } from '@saleschat-kit/core';
import type { RequestHandler } from 'msw';
import { describe, expectTypeOf, it } from 'vitest';
import { saleschatHandlers } from './saleschatHandlers';
import { SALESCHAT_SCENARIOS, type SaleschatScenario } from './scenarios';

describe('saleschatHandlers types', () => {
  it('takes only known scenario names and returns msw handlers', () => {
    expectTypeOf(saleschatHandlers('LEAD_NOT_FOUND')).toEqualTypeOf<RequestHandler[]>();
    expectTypeOf<ProxyErrorCode>().toExtend<SaleschatScenario>();
    expectTypeOf(SALESCHAT_SCENARIOS).toEqualTypeOf<readonly SaleschatScenario[]>();
    // @ts-expect-error not a scenario
    saleschatHandlers('teapot');
  });
});
