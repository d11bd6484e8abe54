import { createSaleschatClient } from '@saleschat-kit/core';
import { SaleschatProvider } from '@saleschat-kit/react';
import { readFileSync } from 'node:fs';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ChatButton, LoginButton, SaleschatToaster, saleschatToasts } from './index';

describe('@saleschat-kit/ui on a server', () => {
  it('renders the buttons to a string and the toaster to nothing, without a DOM or a request', () => {
    const calls: string[] = [];
    const client = createSaleschatClient({
      baseUrl: 'http://crm.test/api/saleschat',
      fetch: (input) => {
        calls.push(String(input));
        return Promise.reject(new Error('no network on the server'));
      },
    });
    saleschatToasts.show({ kind: 'login' });
    const html = renderToString(
      <SaleschatProvider client={client}>
        <LoginButton />
        <ChatButton crmCustomerId="lead-42" leadName="Ada Lovelace" />
        <SaleschatToaster />
      </SaleschatProvider>,
    );
    saleschatToasts.clear();
    expect(typeof document).toBe('undefined');
    expect(html).toContain('aria-label="Chat with Ada Lovelace"');
    expect(html).toContain('Open Saleschat');
    expect(html).not.toContain('Saleschat opened in its tab');
    expect(calls).toEqual([]);
  });

  it("starts with 'use client' so React Server Components treat it as client code", () => {
    const source = readFileSync(new URL('./index.ts', import.meta.url), 'utf8');
    expect(source.startsWith("'use client';")).toBe(true);
  });
});
