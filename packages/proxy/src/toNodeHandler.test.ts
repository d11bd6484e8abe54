import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import type { ChatResponse, ErrorBody } from '@saleschat-kit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorld, sendRaw, type TestWorld } from '../test/createTestWorld';
import { createTestDatabase } from '../test/testStores';
import { toNodeHandler } from './nodeAdapters';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('toNodeHandler over real HTTP', () => {
  let world: TestWorld;
  let server: Server;
  let base: string;
  let agent: { crmUserId: string };

  beforeAll(async () => {
    world = await createTestWorld({
      option: { connectionString: await createTestDatabase() },
      remove: () => undefined,
    });
    agent = await world.agent();
    server = createServer(toNodeHandler(world.proxy));
    base = await listen(server);
  });

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await world?.close();
  });

  const headers = (crmUserId: string) => ({
    Cookie: `session=${crmUserId}`,
    'X-Saleschat-Kit': '1',
    'Content-Type': 'application/json',
  });

  it('serves the three routes', async () => {
    const { crmCustomerId } = world.lead();
    const me = await fetch(`${base}/api/saleschat/me`, { headers: headers(agent.crmUserId) });
    expect(await me.json()).toEqual({ crmUserId: agent.crmUserId, linked: true });
    const login = await fetch(`${base}/api/saleschat/login`, {
      method: 'POST',
      headers: headers(agent.crmUserId),
    });
    expect(login.status).toBe(200);
    const chat = await fetch(`${base}/api/saleschat/chat`, {
      method: 'POST',
      headers: { ...headers(agent.crmUserId), 'X-Request-Id': 'node-1' },
      body: JSON.stringify({ crmCustomerId }),
    });
    expect(chat.status).toBe(200);
    expect(chat.headers.get('X-Request-Id')).toBe('node-1');
    expect(((await chat.json()) as ChatResponse).contact).toBe('created');
  });

  it('hands authenticate a Request: headers, URL and method from Node, the rest of the Request API on demand', async () => {
    const seen: Record<string, unknown>[] = [];
    const host = createServer(
      toNodeHandler(
        world.newProxy({
          authenticate: async (request) => {
            const clone = request.clone();
            seen.push({
              isRequest: request instanceof Request,
              method: request.method,
              url: request.url,
              cookie: request.headers.get('Cookie'),
              custom: request.headers.get('X-Host-Thing'),
              aborted: request.signal.aborted,
              cloneUrl: clone.url,
              cloneCookie: clone.headers.get('cookie'),
              // The proxy reads the body from Node itself: the host's `authenticate` gets none.
              body: await request.text(),
              tag: Object.prototype.toString.call(request),
            });
            return { crmUserId: agent.crmUserId };
          },
        }),
      ),
    );
    const hostBase = await listen(host);
    try {
      const { crmCustomerId } = world.lead();
      const chat = await fetch(`${hostBase}/api/saleschat/chat?from=list`, {
        method: 'POST',
        headers: { ...headers(agent.crmUserId), 'X-Host-Thing': 'yes' },
        body: JSON.stringify({ crmCustomerId }),
      });
      expect(chat.status).toBe(200);
      expect(((await chat.json()) as ChatResponse).contact).toBe('created');
      expect(seen).toEqual([
        {
          isRequest: true,
          method: 'POST',
          url: `${hostBase}/api/saleschat/chat?from=list`,
          cookie: `session=${agent.crmUserId}`,
          custom: 'yes',
          aborted: false,
          cloneUrl: `${hostBase}/api/saleschat/chat?from=list`,
          cloneCookie: `session=${agent.crmUserId}`,
          body: '',
          tag: '[object Request]',
        },
      ]);
    } finally {
      host.closeAllConnections();
      await new Promise((resolve) => host.close(resolve));
    }
  });

  it('sends every answer with its Content-Length, not chunked, on a kept-alive connection', async () => {
    const { crmCustomerId } = world.lead();
    const body = JSON.stringify({ crmCustomerId });
    const answers = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(base).port), '127.0.0.1');
      let text = '';
      // A chunked answer never ends in '}': what came within 5 s is then compared.
      const timer = setTimeout(() => {
        socket.destroy();
        resolve(text);
      }, 5000);
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        text += chunk;
        // Two answers, the second one whole: its body ends with the chat's JSON.
        if ((text.match(/HTTP\/1\.1 /g) ?? []).length === 2 && text.endsWith('}')) {
          clearTimeout(timer);
          socket.end();
          resolve(text);
        }
      });
      socket.on('error', reject);
      const request = (path: string, content?: string) =>
        [
          `POST /api/saleschat/${path} HTTP/1.1`,
          'Host: 127.0.0.1',
          `Cookie: session=${agent.crmUserId}`,
          'X-Saleschat-Kit: 1',
          ...(content === undefined
            ? []
            : ['Content-Type: application/json', `Content-Length: ${Buffer.byteLength(content)}`]),
          '',
          content ?? '',
        ].join('\r\n');
      socket.write(request('login') + request('chat', body));
    });
    const [login, chat] = answers.split(/(?=HTTP\/1\.1 )/);
    for (const answer of [login, chat]) {
      expect(answer).toMatch(/^HTTP\/1\.1 200 /);
      expect(answer).not.toMatch(/transfer-encoding/i);
      const length = Number(/\r\ncontent-length: (\d+)\r\n/i.exec(answer ?? '')?.[1]);
      const content = (answer ?? '').slice((answer ?? '').indexOf('\r\n\r\n') + 4);
      expect(Buffer.byteLength(content)).toBe(length);
    }
    expect(JSON.parse((chat ?? '').slice((chat ?? '').indexOf('\r\n\r\n') + 4))).toMatchObject({
      contact: 'created',
    });
  });

  it('answers 413 to a huge body after reading no more than the limit, and closes the connection', async () => {
    let sent = 0;
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${base}/api/saleschat/chat`, {
        method: 'POST',
        headers: headers(agent.crmUserId),
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024, 32);
      const pump = () => {
        // Up to 50 MiB, unless the server answers first.
        while (sent < 50 * 1024 * 1024 && !req.destroyed) {
          sent += chunk.length;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        req.end();
      };
      pump();
    });
    expect(status).toBe(413);
    // The kernel buffers a few MiB in flight; the server stopped reading long before 50.
    expect(sent).toBeLessThan(16 * 1024 * 1024);
  });

  it('answers 408 in the error shape to a signed-in client that stalls its body, within bodyTimeoutMs', async () => {
    const bodyTimeoutMs = 300;
    // Node's own deadline is far away: if anything answers in time, it is the proxy.
    const host = createServer(
      { requestTimeout: 60_000 },
      toNodeHandler(world.newProxy({ bodyTimeoutMs })),
    );
    const port = Number(new URL(await listen(host)).port);
    try {
      const startedAt = performance.now();
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1');
        let text = '';
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => (text += chunk));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
        socket.write(
          [
            'POST /api/saleschat/chat HTTP/1.1',
            'Host: 127.0.0.1',
            `Cookie: session=${agent.crmUserId}`,
            'X-Saleschat-Kit: 1',
            'Content-Type: application/json',
            'Content-Length: 100',
            '',
            '{"crmCus',
          ].join('\r\n'),
        );
        // A trickle that never completes the body: one byte now and then, then nothing.
        let drips = 0;
        const drip = setInterval(() => {
          if (drips++ < 3 && !socket.destroyed) socket.write(' ');
        }, 50);
        socket.on('close', () => clearInterval(drip));
      });
      const elapsedMs = performance.now() - startedAt;
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      expect(answer).toMatch(/\r\nconnection: close\r\n/i);
      // The JSON is between the answer's first '{' and last '}'.
      const { error } = JSON.parse(
        answer.slice(answer.indexOf('{'), answer.lastIndexOf('}') + 1),
      ) as ErrorBody;
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.message).toContain(`within ${bodyTimeoutMs} ms`);
      expect(elapsedMs).toBeGreaterThanOrEqual(bodyTimeoutMs - 20);
      expect(elapsedMs).toBeLessThan(bodyTimeoutMs + 2000);
    } finally {
      host.closeAllConnections();
      await new Promise((resolve) => host.close(resolve));
    }
  });

  it('passes requests outside its base path to next() when used as middleware', async () => {
    const handler = toNodeHandler(world.proxy);
    const host = createServer((req, res) => {
      void handler(req, res, () => {
        res.end('host page');
      });
    });
    const hostBase = await listen(host);
    try {
      expect(await (await fetch(`${hostBase}/leads`)).text()).toBe('host page');
      const inside = await fetch(`${hostBase}/api/saleschat/nope`);
      expect(inside.status).toBe(404);
      expect(((await inside.json()) as ErrorBody).error.code).toBe('INVALID_INPUT');
    } finally {
      host.closeAllConnections();
      await new Promise((resolve) => host.close(resolve));
    }
  });

  it('serves a proxy wrapped by the host through its Web fetch, with the same body limit', async () => {
    const wrapped = { ...world.proxy, fetch: (request: Request) => world.proxy.fetch(request) };
    const host = createServer(toNodeHandler(wrapped));
    const hostBase = await listen(host);
    try {
      const { crmCustomerId } = world.lead();
      const chat = await fetch(`${hostBase}/api/saleschat/chat`, {
        method: 'POST',
        headers: headers(agent.crmUserId),
        body: JSON.stringify({ crmCustomerId }),
      });
      expect(chat.status).toBe(200);
      expect(((await chat.json()) as ChatResponse).contact).toBe('created');
      const large = await fetch(`${hostBase}/api/saleschat/chat`, {
        method: 'POST',
        headers: headers(agent.crmUserId),
        body: JSON.stringify({ crmCustomerId, pad: 'p'.repeat(10_000) }),
      });
      expect(large.status).toBe(413);
    } finally {
      host.closeAllConnections();
      await new Promise((resolve) => host.close(resolve));
    }
  });

  // TRACE is the one method the Fetch standard refuses that reaches a Node handler: Node's own
  // parser answers TRACK with 400, and CONNECT goes to the server's 'connect' event.
  it.each(['TRACE'])(
    'answers %s, a method the Fetch standard refuses, 405 with Allow in the error shape, and logs it',
    async (method) => {
      const answer = await sendRaw(`${base}/api/saleschat/chat`, method);
      expect(answer.status).toBe(405);
      expect(answer.headers.allow).toBe('POST');
      const { error } = JSON.parse(answer.body) as ErrorBody;
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.message).toContain(`not ${method}`);
      expect(world.logs.some((line) => line.includes(`${method} /api/saleschat/chat 405`))).toBe(
        true,
      );
    },
  );

  it('answers 404 in the error shape outside its base path when it is the whole server', async () => {
    const response = await fetch(`${base}/somewhere`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as ErrorBody).error.code).toBe('INVALID_INPUT');
  });
});
