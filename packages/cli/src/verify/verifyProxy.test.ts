import { startFakeSaleschatServer, type FakeSaleschatServer } from '@saleschat-kit/fake-saleschat';
import { createEmbeddedStore } from '@saleschat-kit/proxy';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../../test/captureIo';
import { startPythonHost, startServeProcess, type Child } from '../../test/startProcesses';
import { startTestProxyHost, type Defect } from '../../test/startTestProxyHost';
import { tempStoreDir } from '../../test/tempStoreDir';
import { runCli } from '../runCli';

const TOKEN = 'verify-test-token-1b7e40c2';
const ORG_ID = 'org_verify';
const JWT_SECRET = 'jwt-secret-for-verify-proxy-0123456789abc';
const LEAD_SECRET = 'lead-secret-for-verify-proxy-0123456789';
/** Saleschat's per-contact assignment gap, shortened in the fake and the mounted proxies. */
const ASSIGN_INTERVAL_MS = 1000;

let fake: FakeSaleschatServer;
let links: Record<string, string>;
let run = 0;

/** A lead id of its own for each run: the fresh lead must have no contact yet. */
const freshLead = () => `fresh-${++run}`;
const phoneOf = (crmCustomerId: string) =>
  `+9198765${String(crmCustomerId.length * 7919 + run).padStart(5, '0')}`;

async function verify(baseUrl: string, users: [string, string], fresh: string) {
  const io = captureIo({});
  const code = await runCli(
    [
      'verify-proxy',
      baseUrl,
      '--fake-url',
      fake.url,
      '--user-a-token',
      users[0],
      '--user-b-token',
      users[1],
      '--lead-fresh',
      fresh,
      '--lead-denied',
      'denied-1',
      '--json',
    ],
    io,
  );
  const report = JSON.parse(io.stdout.text.trim()) as {
    ok: boolean;
    checks: { name: string; ok: boolean; why: string }[];
  };
  return { code, report, failed: report.checks.filter((check) => !check.ok) };
}

async function mounted(defect?: Defect) {
  return startTestProxyHost({
    saleschat: { baseUrl: fake.url, token: TOKEN, orgId: ORG_ID },
    tokens: { 'token-a-0123456789': 'agent-a', 'token-b-0123456789': 'agent-b' },
    links,
    assignIntervalMs: ASSIGN_INTERVAL_MS,
    leadOf: (id) =>
      id === 'denied-1'
        ? 'denied'
        : id.startsWith('fresh-')
          ? {
              firstName: 'Lead',
              lastName: id,
              phone: phoneOf(id),
              optInDate: '2026-01-02T03:04:05.000Z',
            }
          : undefined,
    defect,
  });
}

const TOKENS: [string, string] = ['token-a-0123456789', 'token-b-0123456789'];

describe('saleschat-kit verify-proxy', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    fake = await startFakeSaleschatServer({
      token: TOKEN,
      orgId: ORG_ID,
      limits: { assignIntervalMs: ASSIGN_INTERVAL_MS },
    });
    links = Object.fromEntries(
      ['agent-a', 'agent-b'].map((crmUserId) => [
        crmUserId,
        fake.fake.seedUser({
          email: `${crmUserId}@example.com`,
          firstName: 'Agent',
          lastName: crmUserId,
        }).userId,
      ]),
    );
  });

  afterAll(async () => {
    await fake?.close();
  });

  it('passes against the proxy mounted in a node:http host', async () => {
    const host = await mounted();
    try {
      const { code, report, failed } = await verify(host.url, TOKENS, freshLead());
      expect(failed).toEqual([]);
      expect(report.checks.map((check) => check.name)).toEqual([
        'error shape and codes',
        'CSRF header required with a cookie',
        'foreign Origin refused',
        'body limit',
        'magic link reused',
        'contact created once under concurrency',
        'RATE_LIMITED with retryAfterMs',
        'reassignment',
        'no phone number or token in any answer',
      ]);
      expect(code).toBe(0);
    } finally {
      await host.close();
    }
  });

  it.each([
    [
      'leaks-phone',
      'no phone number or token in any answer',
      'an answer (200) holds a phone number',
    ],
    [
      'no-csrf',
      'CSRF header required with a cookie',
      'expected 403 FORBIDDEN in the error shape, got 200',
    ],
    [
      'creates-twice',
      'contact created once under concurrency',
      /^5 simultaneous chats for one lead: expected 1 create call to Saleschat, saw [2-5]$/,
    ],
  ] as const)('fails a proxy that %s, saying why', async (defect, check, why) => {
    const host = await mounted(defect);
    try {
      const { code, failed } = await verify(host.url, TOKENS, freshLead());
      expect(failed.find((result) => result.name === check)?.why).toMatch(why);
      expect(code).toBe(1);
    } finally {
      await host.close();
    }
  });

  describe('against saleschat-kit serve', () => {
    let store: Awaited<ReturnType<typeof tempStoreDir>>;
    let python: { host: Child; url: string };
    let serve: Child | undefined;

    afterAll(async () => {
      await serve?.stop();
      await python?.host.stop();
      store?.remove();
    });

    it('passes, with tokens the host minted', async () => {
      const fresh = freshLead();
      store = await tempStoreDir();
      const seed = createEmbeddedStore({ dataDir: store.dir });
      for (const [crmUserId, scUserId] of Object.entries(links))
        await seed.linkUser(crmUserId, scUserId);
      await seed.close();
      const lead = {
        firstName: 'Lead',
        lastName: 'Serve',
        phone: phoneOf(fresh),
        optInDate: '2026-01-02T03:04:05Z',
      };
      python = await startPythonHost({
        JWT_SECRET,
        LEAD_SECRET,
        LEADS: JSON.stringify({
          [fresh]: { ...lead, owners: ['agent-a', 'agent-b'] },
          'denied-1': { ...lead, owners: [] },
        }),
      });
      let url: string;
      ({ serve, url } = await startServeProcess({
        SALESCHAT_API_TOKEN: TOKEN,
        SALESCHAT_ORG_ID: ORG_ID,
        SALESCHAT_BASE_URL: fake.url,
        SALESCHAT_DATA_DIR: store.dir,
        SALESCHAT_KIT_JWT_SECRET: JWT_SECRET,
        SALESCHAT_KIT_LEAD_URL: `${python.url}/leads`,
        SALESCHAT_KIT_LEAD_SECRET: LEAD_SECRET,
      }));
      const key = new TextEncoder().encode(JWT_SECRET);
      const mint = (sub: string) =>
        new SignJWT({})
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject(sub)
          .setAudience('saleschat-kit')
          .setExpirationTime('5m')
          .sign(key);
      const { code, failed } = await verify(
        `${url}/api/saleschat`,
        [await mint('agent-a'), await mint('agent-b')],
        fresh,
      );
      expect(failed).toEqual([]);
      expect(code).toBe(0);
    });
  });
});
