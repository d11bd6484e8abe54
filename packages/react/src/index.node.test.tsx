import { createSaleschatClient } from '@saleschat-kit/core';
import { readFileSync } from 'node:fs';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SaleschatProvider, useOpenChat, useSaleschatLogin, useSaleschatMe } from './index';

function Toolbar() {
  const login = useSaleschatLogin();
  const chat = useOpenChat();
  const me = useSaleschatMe();
  return (
    <>
      <button aria-busy={login.isPending} onClick={login.login}>
        Login {login.status}
      </button>
      <button aria-busy={chat.isPendingFor('lead-1')} onClick={() => chat.openChat('lead-1')}>
        Chat {chat.status}
      </button>
      <p>Me {me.status}</p>
    </>
  );
}

describe('@saleschat-kit/react on a server', () => {
  it('renders a tree using every hook to a string, without calling the proxy', () => {
    const calls: string[] = [];
    const client = createSaleschatClient({
      baseUrl: 'http://crm.test/api/saleschat',
      fetch: (input) => {
        calls.push(String(input));
        return Promise.reject(new Error('no network on the server'));
      },
    });
    const html = renderToString(
      <SaleschatProvider client={client}>
        <Toolbar />
      </SaleschatProvider>,
    );
    expect(html).toContain('Login <!-- -->idle');
    expect(html).toContain('Chat <!-- -->idle');
    expect(html).toContain('Me <!-- -->pending');
    expect(calls).toEqual([]);
  });

  it('marks its entry as client code for server-component frameworks', () => {
    const entry = readFileSync(new URL('./index.ts', import.meta.url), 'utf8');
    expect(entry.startsWith("'use client';")).toBe(true);
  });
});
