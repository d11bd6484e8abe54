import type { ChatResponse, LoginResponse } from '@saleschat-kit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorld, type TestWorld } from './createTestWorld';
import { storeFactories, type TestStore } from './testStores';

describe.each(storeFactories)('a restarted proxy on $name', ({ create }) => {
  let store: TestStore;
  let world: TestWorld;

  beforeAll(async () => {
    store = await create();
    world = await createTestWorld(store);
  });

  afterAll(async () => {
    await world?.close();
    store?.remove();
  });

  it('keeps user links, cached magic links and contact mappings', async () => {
    const agent = await world.agent();
    const { crmCustomerId } = world.lead();
    const login = await world.json<LoginResponse>('/login', { user: agent.crmUserId });
    const chat = await world.json<ChatResponse>('/chat', {
      user: agent.crmUserId,
      body: { crmCustomerId },
    });
    expect(chat.body.contact).toBe('created');
    await world.proxy.close();
    world.fake.clearRequests();

    // A new process would start exactly like this: same store option, nothing in memory.
    const restarted = world.newProxy({ store: store.option });
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
    expect(world.fake.countRequests()).toBe(0);
  });
});
