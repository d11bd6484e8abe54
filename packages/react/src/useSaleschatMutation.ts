import { SaleschatError, type SaleschatClient } from '@saleschat-kit/core';
import {
  useMutation,
  useQueryClient,
  type MutationKey,
  type UseMutationOptions,
} from '@tanstack/react-query';
import { useSaleschat } from './saleschatContext';

/** What both action hooks share: the context, one mutation, errors as `SaleschatError`. */
export function useSaleschatMutation<TData, TVariables>(
  hook: string,
  run: (client: SaleschatClient, variables: TVariables) => Promise<TData>,
  options: Omit<UseMutationOptions<TData, SaleschatError, TVariables>, 'mutationFn'>,
  mutationKey?: MutationKey,
) {
  const client = useSaleschat(hook);
  return [
    client,
    useQueryClient(),
    useMutation<TData, SaleschatError, TVariables>({
      ...options,
      mutationKey,
      // The client reports its own failures as `NETWORK`; waiting for `navigator.onLine` would
      // leave the button pending with no explanation.
      networkMode: 'always',
      mutationFn: (variables) =>
        run(client, variables).catch((error) => {
          throw SaleschatError.from(error);
        }),
    }),
  ] as const;
}
