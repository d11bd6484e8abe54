import { SaleschatError } from '@saleschat-kit/core';

/** USER_NOT_LINKED: the CRM user has no Saleschat user yet, which only an operator can fix. */
export function userNotLinked(): SaleschatError {
  return new SaleschatError({
    code: 'USER_NOT_LINKED',
    message:
      'Your CRM user is not linked to a Saleschat user yet: ask an administrator to link it.',
  });
}
