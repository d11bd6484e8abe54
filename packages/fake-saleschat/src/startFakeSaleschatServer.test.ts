import { connect } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startFakeSaleschatServer } from './startFakeSaleschatServer';

const tcpHandles = () =>
  process.getActiveResourcesInfo().filter((name) => name.startsWith('TCP')).length;

function rawRequest(url: string, text: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(text));
    let answer = '';
    socket.on('data', (chunk) => (answer += String(chunk)));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('startFakeSaleschatServer', () => {
  it('listens on a free loopback port and says where', async () => {
    const server = await startFakeSaleschatServer();
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${server.url}/v1/org/org_fake/user`, { method: 'POST' });
      expect(response.status).toBe(401);
    } finally {
      await server.close();
    }
  });

  it('closes promptly with held requests open, ending them, and leaves no handle open', async () => {
    const before = tcpHandles();
    const server = await startFakeSaleschatServer();
    server.fake.setFault('magicLink', { timeout: true });
    server.fake.setFault('createUser', { latencyMs: 30_000 });
    const held = [
      fetch(`${server.url}/v1/org/org_fake/user/u/magiclink`),
      fetch(`${server.url}/v1/org/org_fake/user`, { method: 'POST', body: '{}' }),
    ].map((pending) =>
      pending.then(
        () => 'answered',
        () => 'failed',
      ),
    );
    // An idle keep-alive connection too.
    await fetch(`${server.url}/__admin/requests`).then((response) => response.text());
    await expect.poll(() => server.fake.countRequests()).toBe(2);

    const started = performance.now();
    await server.close();
    expect(performance.now() - started).toBeLessThan(500);
    expect(await Promise.all(held)).toEqual(['failed', 'failed']);
    await expect.poll(tcpHandles, { timeout: 2000 }).toBeLessThanOrEqual(before);
    // Closing twice is harmless.
    await server.close();
  });

  it('refuses a body over 1 MiB with 413 and keeps serving', async () => {
    const server = await startFakeSaleschatServer();
    try {
      const response = await fetch(`${server.url}/v2/org/org_fake/contact`, {
        method: 'POST',
        headers: { authorization: 'Bearer fake-saleschat-token' },
        body: 'x'.repeat(1024 * 1024 + 1),
      }).catch((error: Error) => error);
      // The server may cut the upload short after answering; either way nothing was created.
      if (response instanceof Response) {
        expect(response.status).toBe(413);
        expect(await response.json()).toMatchObject({ error_code: 4130001 });
      }
      expect(server.fake.contacts.size).toBe(0);
      expect((await fetch(`${server.url}/__admin/requests`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('survives malformed HTTP, bad percent-encoding and aborted uploads', async () => {
    const server = await startFakeSaleschatServer();
    try {
      expect(await rawRequest(server.url, 'NONSENSE\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
      // A body cut short: whatever the answer, nothing is created and the server lives on.
      await rawRequest(
        server.url,
        'POST /v2/org/org_fake/contact HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"crm',
      );
      expect(server.fake.contacts.size).toBe(0);
      const badEncoding = await fetch(`${server.url}/v1/orgs/org_fake/contact/%E0%A4%A`, {
        method: 'PUT',
        headers: { authorization: 'Bearer fake-saleschat-token' },
        body: '{}',
      });
      expect(badEncoding.status).toBe(404);
      const adminBadEncoding = await fetch(`${server.url}/__admin/users/%E0%A4%A/chatrooms`);
      expect(adminBadEncoding.status).toBe(400);
      await delay(20);
      const after = await fetch(`${server.url}/v1/org/org_fake/user`, { method: 'POST' });
      expect(after.status).toBe(401);
    } finally {
      await server.close();
    }
  });
});
