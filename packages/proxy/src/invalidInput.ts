import { SaleschatError } from '@saleschat-kit/core';

/**
 * INVALID_INPUT with a specific HTTP status: the contract has no codes of its own for an
 * unknown route (404), a wrong method (405), a body too large (413) or of the wrong type (415).
 */
export function invalidInput(status: number, message: string): SaleschatError {
  return new SaleschatError({ code: 'INVALID_INPUT', status, message });
}
