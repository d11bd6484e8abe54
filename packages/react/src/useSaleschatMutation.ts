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
      // Whatever the host's QueryClient defaults: a repeated /chat could assign twice (the client
      // never repeats it either), and waiting for `navigator.onLine` would leave the button
      // pending with no explanation (the client reports its own failures as `NETWORK`).
      retry: 0,
      networkMode: 'always',
      mutationFn: (variables) =>
        run(client, variables).catch((error) => {
          throw SaleschatError.from(error);
        }),
    }),
  ] as const;
}
