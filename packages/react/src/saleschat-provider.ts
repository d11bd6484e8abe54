import {
  DEFAULT_BASE_PATH,
  createSaleschatClient,
  type SaleschatClient,
  type SaleschatEventListener,
} from '@saleschat-kit/core';
import { QueryClient, QueryClientContext, QueryClientProvider } from '@tanstack/react-query';
import { createElement, useContext, useEffect, useState, type ReactNode } from 'react';
import { SaleschatContext } from './saleschatContext';

interface SaleschatProviderBaseProps {
  /** The QueryClient for the hooks. Default: the host's (from `QueryClientProvider`), else one of its own. */
  queryClient?: QueryClient;
  /** Receives start / success / error of every call, for analytics. Default: none. */
  onEvent?: SaleschatEventListener;
  /** The part of the app that uses Saleschat. Default: none. */
  children?: ReactNode;
}

export type SaleschatProviderProps = SaleschatProviderBaseProps &
  (
    | {
        /** Where the host mounted the proxy. Default: `'/api/saleschat'`. */
        baseUrl?: string;
        /**
         * A short-lived token from the host (for `saleschat-kit serve`), sent as
         * `Authorization: Bearer` and renewed before it expires. Default: none (cookies authenticate).
         */
        getToken?: () => string | Promise<string>;
        client?: never;
      }
    | {
        /** A client from `createSaleschatClient` (custom fetch, headers…). Default: one made from `baseUrl`. */
        client: SaleschatClient;
        baseUrl?: never;
        getToken?: never;
      }
  );

/** Gives the Saleschat hooks below it a client and a QueryClient. */
export function SaleschatProvider({
  baseUrl = DEFAULT_BASE_PATH,
  client,
  getToken,
  queryClient,
  onEvent,
  children,
}: SaleschatProviderProps) {
  const hostClient = useContext(QueryClientContext);
  // Fixed at mount, like a QueryClient. A QueryClient of its own only when there is no other:
  // two would each cache /me and each dedupe clicks, unaware of the other.
  const [[value, ownClient]] = useState(
    () =>
      [
        client ?? createSaleschatClient({ baseUrl, getToken }),
        queryClient ?? hostClient ?? new QueryClient(),
      ] as const,
  );
  useEffect(() => onEvent && value.subscribe(onEvent), [value, onEvent]);

  // Re-providing the host's own client changes nothing below; providing ours also mounts it
  // (refetch on focus, resume when back online), as QueryClientProvider does for any client.
  return createElement(
    QueryClientProvider,
    { client: ownClient },
    createElement(SaleschatContext.Provider, { value }, children),
  );
}
