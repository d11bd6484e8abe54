import { createSaleschatClient } from '@saleschat-kit/core';
import { QueryClient } from '@tanstack/react-query';
import { describe, it } from 'vitest';
import { SaleschatProvider } from './index';

describe('SaleschatProvider types', () => {
  it('takes a baseUrl or a client, not both', () => {
    const client = createSaleschatClient({ baseUrl: '/api/saleschat' });
    void (<SaleschatProvider>app</SaleschatProvider>);
    void (<SaleschatProvider baseUrl="/api/saleschat">app</SaleschatProvider>);
    void (
      <SaleschatProvider client={client} queryClient={new QueryClient()} onEvent={() => {}}>
        app
      </SaleschatProvider>
    );
    // @ts-expect-error `baseUrl` is ignored when a client is given, so both are refused.
    void (<SaleschatProvider baseUrl="/api/saleschat" client={client} />);
  });
});
