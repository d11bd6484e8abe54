import type { ChatResponse, LoginResponse } from '@saleschat-kit/core';
import { describe, expect, it } from 'vitest';
import { storeFactories } from './testStores';
import { worldPerSuite } from './worldPerSuite';

describe.each(storeFactories)('a restarted proxy on $name', ({ create }) => {
  const suite = worldPerSuite(create);

  it('keeps user links, cached magic links and contact mappings', async () => {
    const agent = await suite.world.agent();
    const { crmCustomerId } = suite.world.lead();
    const login = await suite.world.json<LoginResponse>('/login', { user: agent.crmUserId });
    const chat = await suite.world.json<ChatResponse>('/chat', {
      user: agent.crmUserId,
      body: { crmCustomerId },
    });
    expect(chat.body.contact).toBe('created');
    await suite.world.proxy.close();
    suite.world.fake.clearRequests();

    // A new process would start exactly like this: same store option, nothing in memory.
    const restarted = suite.world.newProxy({ store: suite.store.option });
    const call = async (path: string, body?: unknown) => {
      const response = await restarted.fetch(
        new Request(`http://crm.test/api/saleschat${path}`, {
          method: path === '/me' ? 'GET' : 'POST',
          headers: {
            Cookie: `session=${agent.crmUserId}`,
            'X-Saleschat-Kit': '1',
            'Content-Type': 'application/json',
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
      );
      return response.json();
    };
    expect(await call('/me')).toEqual({ crmUserId: agent.crmUserId, linked: true });
    expect(await call('/login')).toEqual(login.body);
    expect(await call('/chat', { crmCustomerId })).toEqual({
      ...chat.body,
      contact: 'existing',
      assignment: 'unchanged',
    });
    expect(suite.world.fake.countRequests()).toBe(0);
  });
});
