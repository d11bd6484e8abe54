import type { ChatResponse, ErrorBody } from '@saleschat-kit/core';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorld, sendRaw, type TestWorld } from '../test/createTestWorld';
import { createTestDatabase } from '../test/testStores';
import { toExpressMiddleware } from './nodeAdapters';
import { listenOnLoopback, type LoopbackServer } from '../../../tests/support/listenOnLoopback';

describe('toExpressMiddleware over real HTTP', () => {
  let world: TestWorld;
  let listening: LoopbackServer | undefined;
  let base: string;
  let agent: { crmUserId: string };

  beforeAll(async () => {
    world = await createTestWorld({
      option: { connectionString: await createTestDatabase() },
      remove: () => undefined,
    });
    agent = await world.agent();
    const app = express();
    app.use('/api/saleschat', toExpressMiddleware(world.proxy));
    // A host that parses JSON globally before a second mount still works.
    app.use(
      '/parsed',
      express.json(),
      toExpressMiddleware(world.newProxy({ basePath: '/parsed/saleschat' })),
    );
    // No basePath: the mount is the base path, nested routers included.
    app.use('/crm/saleschat', toExpressMiddleware(world.newProxy()));
    const v2 = express.Router();
    v2.use('/kit', toExpressMiddleware(world.newProxy()));
    app.use('/v2', v2);
    app.get('/leads', (_req, res) => {
      res.send('host page');
    });
    listening = await listenOnLoopback(app);
    base = listening.base;
  });

  afterAll(async () => {
    await listening?.close();
    await world?.close();
  });

  const headers = {
    'X-Saleschat-Kit': '1',
    'Content-Type': 'application/json',
  };

  it('matches routes on the full path under app.use(basePath, …)', async () => {
    const { crmCustomerId } = world.lead();
    const chat = await fetch(`${base}/api/saleschat/chat`, {
      method: 'POST',
      headers: { ...headers, Cookie: `session=${agent.crmUserId}` },
      body: JSON.stringify({ crmCustomerId }),
    });
    expect(chat.status).toBe(200);
    expect(((await chat.json()) as ChatResponse).assignment).toBe('assigned');

    const me = await fetch(`${base}/api/saleschat/me?x=1`, {
      headers: { ...headers, Cookie: `session=${agent.crmUserId}` },
    });
    expect(await me.json()).toEqual({ crmUserId: agent.crmUserId, linked: true });
  });

  it('takes the base path from the mount when no basePath is given', async () => {
    const cookie = { ...headers, Cookie: `session=${agent.crmUserId}` };
    const { crmCustomerId } = world.lead();
    const chat = await fetch(`${base}/crm/saleschat/chat`, {
      method: 'POST',
      headers: cookie,
      body: JSON.stringify({ crmCustomerId }),
    });
    expect(chat.status).toBe(200);
    const nested = await fetch(`${base}/v2/kit/me`, { headers: cookie });
    expect(await nested.json()).toEqual({ crmUserId: agent.crmUserId, linked: true });
    const unknown = await fetch(`${base}/crm/saleschat/logout`, { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as ErrorBody).error.message).toContain(
      'POST /crm/saleschat/login',
    );
  });

  it('uses a body that express.json() already read', async () => {
    const { crmCustomerId } = world.lead();
    const chat = await fetch(`${base}/parsed/saleschat/chat`, {
      method: 'POST',
      headers: { ...headers, Cookie: `session=${agent.crmUserId}` },
      body: JSON.stringify({ crmCustomerId }),
    });
    expect(chat.status).toBe(200);
    expect(((await chat.json()) as ChatResponse).contact).toBe('created');
  });

  it('leaves the host’s other routes alone and answers unknown proxy routes in its error shape', async () => {
    expect(await (await fetch(`${base}/leads`)).text()).toBe('host page');
    const unknown = await fetch(`${base}/api/saleschat/logout`, { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as ErrorBody).error.code).toBe('INVALID_INPUT');
  });

  // TRACE is the one method the Fetch standard refuses that reaches a Node handler: Node's own
  // parser answers TRACK with 400, and CONNECT goes to the server's 'connect' event.
  it.each(['TRACE'])(
    'answers %s, a method the Fetch standard refuses, 405 with Allow in the error shape, and logs it',
    async (method) => {
      const answer = await sendRaw(`${base}/api/saleschat/login`, method);
      expect(answer.status).toBe(405);
      expect(answer.headers.allow).toBe('POST');
      const { error } = JSON.parse(answer.body) as ErrorBody;
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.message).toContain(`not ${method}`);
      expect(world.logs.some((line) => line.includes(`${method} /api/saleschat/login 405`))).toBe(
        true,
      );
    },
  );

  it('answers 413 to a body over the limit', async () => {
    const response = await fetch(`${base}/api/saleschat/chat`, {
      method: 'POST',
      headers: { ...headers, Cookie: `session=${agent.crmUserId}` },
      body: JSON.stringify({ crmCustomerId: 'x', pad: 'p'.repeat(100_000) }),
    });
    expect(response.status).toBe(413);
  });
});
