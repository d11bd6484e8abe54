import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crmApi } from './crmApi';
import { AGENTS } from './seed';
import { createSessions } from './session';
import { listenOnLoopback, type LoopbackServer } from '../../../tests/support/listenOnLoopback';

describe('demo sessions over real HTTP', () => {
  const maxAgeMs = 60_000;
  let offset = 0;
  const sessions = createSessions({
    secret: 'test-secret',
    maxAgeMs,
    now: () => Date.now() + offset,
  });
  let listening: LoopbackServer | undefined;
  let base: string;

  beforeAll(async () => {
    const app = express();
    app.use('/api', crmApi(new Map(), sessions));
    listening = await listenOnLoopback(app);
    base = listening.base;
  });

  afterAll(async () => {
    await listening?.close();
  });

  async function signIn(): Promise<string> {
    const response = await fetch(`${base}/api/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ agentId: AGENTS[0]?.id }),
    });
    expect(response.status).toBe(200);
    const setCookie = response.headers.get('Set-Cookie') ?? '';
    expect(setCookie).toMatch(/; Max-Age=60$/);
    return setCookie.split(';')[0] as string;
  }

  const whoAmI = (cookie: string) =>
    fetch(`${base}/api/session`, { headers: { Cookie: cookie } }).then((r) => r.status);

  it('refuses a cookie older than the maximum age with 401', async () => {
    const cookie = await signIn();
    expect(await whoAmI(cookie)).toBe(200);
    offset += maxAgeMs - 1000;
    expect(await whoAmI(cookie)).toBe(200);
    offset += 1000;
    expect(await whoAmI(cookie)).toBe(401);
  });

  it('refuses the same cookie after sign-out with 401, and keeps other sessions', async () => {
    const cookie = await signIn();
    const other = await signIn();
    const signOut = await fetch(`${base}/api/session`, {
      method: 'DELETE',
      headers: { Cookie: cookie },
    });
    expect(signOut.status).toBe(204);
    expect(signOut.headers.get('Set-Cookie')).toMatch(/Max-Age=0/);
    expect(await whoAmI(cookie)).toBe(401);
    expect(await whoAmI(other)).toBe(200);
  });

  it('refuses a cookie whose issue time was changed (the signature covers it)', async () => {
    const cookie = await signIn();
    const forged = cookie.replace(/\.(\d+)\.([^.]+)$/, (_, issued: string, sig: string) => {
      return `.${Number(issued) + maxAgeMs}.${sig}`;
    });
    expect(forged).not.toBe(cookie);
    expect(await whoAmI(forged)).toBe(401);
  });
});
