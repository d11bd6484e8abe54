import { CSRF_HEADER, type ErrorBody } from '@saleschat-kit/core';
import express from 'express';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSaleschatProxy, type SaleschatProxy } from './createSaleschatProxy';
import { toExpressMiddleware } from './nodeAdapters';
import type { SaleschatProxyOptions } from './types';
import { listenOnLoopback, type LoopbackServer } from '../../../tests/support/listenOnLoopback';

// GET /me needs no Saleschat call: the origin check is all these tests exercise.
const dirs: string[] = [];
const proxies: SaleschatProxy[] = [];
function proxyWith(options: Partial<SaleschatProxyOptions> = {}): SaleschatProxy {
  const dataDir = mkdtempSync(join(tmpdir(), 'same-origin-'));
  dirs.push(dataDir);
  const proxy = createSaleschatProxy({
    saleschat: { baseUrl: 'http://127.0.0.1:9', token: 'unused-token', orgId: 'org' },
    store: { dataDir },
    logger: null,
    authenticate: (request) => (request.headers.has('Cookie') ? { crmUserId: 'crm-ada' } : null),
    resolveLead: () => null,
    ...options,
  });
  proxies.push(proxy);
  return proxy;
}
afterAll(async () => {
  for (const proxy of proxies) await proxy.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const signedIn = { Cookie: 'session=ada', [CSRF_HEADER]: '1' };

async function statusOf(proxy: SaleschatProxy, url: string, headers: Record<string, string>) {
  const response = await proxy.fetch(new Request(url, { headers: { ...signedIn, ...headers } }));
  return { status: response.status, body: (await response.json()) as ErrorBody };
}

describe('same-origin calls that frameworks and proxies disguise', () => {
  let proxy: SaleschatProxy;
  beforeAll(() => {
    proxy = proxyWith();
  });

  it('passes a Next.js route handler call: request.url is localhost, the Host header is the real one', async () => {
    const next = 'http://localhost:3000/api/saleschat/me';
    const origin = { Host: 'crm.example.com', Origin: 'https://crm.example.com' };
    expect((await statusOf(proxy, next, origin)).status).toBe(200);
    expect(
      (await statusOf(proxy, next, { ...origin, 'Sec-Fetch-Site': 'same-origin' })).status,
    ).toBe(200);
  });

  it("passes a call through Vite's dev proxy with changeOrigin (Host rewritten) on Fetch Metadata", async () => {
    const vite = {
      Host: '127.0.0.1:3000',
      Origin: 'http://localhost:5173',
      'Sec-Fetch-Site': 'same-origin',
    };
    expect((await statusOf(proxy, 'http://127.0.0.1:3000/api/saleschat/me', vite)).status).toBe(
      200,
    );
  });
});

describe('refusals', () => {
  let proxy: SaleschatProxy;
  beforeAll(() => {
    proxy = proxyWith();
  });
  const url = 'http://crm.example.com/api/saleschat/me';
  const host = { Host: 'crm.example.com' };

  it.each([
    ['a foreign origin', { Origin: 'https://evil.example' }],
    ['the null origin', { Origin: 'null' }],
    [
      'a look-alike with the real host as a prefix',
      { Origin: 'https://crm.example.com.evil.example' },
    ],
    ['a look-alike with the real host as a suffix', { Origin: 'https://evil-crm.example.com' }],
    ['the same name on another port', { Origin: 'https://crm.example.com:8443' }],
    ['user info in the origin', { Origin: 'https://crm.example.com@evil.example' }],
    ['garbage', { Origin: 'crm.example.com' }],
    [
      'a cross-site call, whatever its Origin says',
      { Origin: 'https://crm.example.com', 'Sec-Fetch-Site': 'cross-site' },
    ],
    [
      'a same-site call from a sibling subdomain',
      { Origin: 'https://app.example.com', 'Sec-Fetch-Site': 'same-site' },
    ],
    ['a cross-site call without an Origin', { 'Sec-Fetch-Site': 'cross-site' }],
    [
      'a forwarded host the proxy was not told to trust',
      { Origin: 'https://evil.example', 'X-Forwarded-Host': 'evil.example' },
    ],
  ])('refuses %s (403 FORBIDDEN)', async (_name, headers) => {
    const { status, body } = await statusOf(proxy, url, { ...host, ...headers });
    expect(status).toBe(403);
    expect(body.error.code).toBe('FORBIDDEN');
  });

  it('refuses a same-origin cookie call without the CSRF header', async () => {
    const response = await proxy.fetch(
      new Request(url, {
        headers: {
          ...host,
          Cookie: 'session=ada',
          Origin: 'http://crm.example.com',
          'Sec-Fetch-Site': 'same-origin',
        },
      }),
    );
    expect(response.status).toBe(403);
    expect(((await response.json()) as ErrorBody).error.message).toContain(CSRF_HEADER);
  });

  it("refuses Vite's rewritten Host without Fetch Metadata unless the origin is listed", async () => {
    const vite = { Host: '127.0.0.1:3000', Origin: 'http://localhost:5173' };
    const viteUrl = 'http://127.0.0.1:3000/api/saleschat/me';
    expect((await statusOf(proxy, viteUrl, vite)).status).toBe(403);
    const listed = proxyWith({ allowedOrigins: ['http://localhost:5173'] });
    expect((await statusOf(listed, viteUrl, vite)).status).toBe(200);
  });
});

describe('Express behind a reverse proxy, over real HTTP', () => {
  let listening: LoopbackServer | undefined;
  let base: string;
  beforeAll(async () => {
    const app = express();
    app.use(
      '/trusting/api/saleschat',
      toExpressMiddleware(proxyWith({ basePath: '/trusting/api/saleschat', trustProxy: true })),
    );
    app.use('/api/saleschat', toExpressMiddleware(proxyWith()));
    listening = await listenOnLoopback(app);
    base = listening.base;
  });
  afterAll(async () => {
    await listening?.close();
  });

  // What nginx or a load balancer sends on: the public host in X-Forwarded-Host, its own in Host.
  const forwarded = {
    ...signedIn,
    Origin: 'https://crm.example.com',
    'X-Forwarded-Host': 'crm.example.com',
    'X-Forwarded-Proto': 'https',
  };

  it('passes the forwarded host with trustProxy', async () => {
    const response = await fetch(`${base}/trusting/api/saleschat/me`, { headers: forwarded });
    expect(response.status).toBe(200);
  });

  it('refuses it without trustProxy: anyone can send X-Forwarded-Host', async () => {
    const response = await fetch(`${base}/api/saleschat/me`, { headers: forwarded });
    expect(response.status).toBe(403);
  });
});
