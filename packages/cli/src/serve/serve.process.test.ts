import { createSaleschatClient, type SaleschatError } from '@saleschat-kit/core';
import { startFakeSaleschatServer, type FakeSaleschatServer } from '@saleschat-kit/fake-saleschat';
import { createEmbeddedStore } from '@saleschat-kit/proxy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPythonHost, startServeProcess, type Child } from '../../test/startProcesses';
import { tempStoreDir } from '../../test/tempStoreDir';

const TOKEN = 'serve-test-token-6f1c2a9e';
const ORG_ID = 'org_serve';
const JWT_SECRET = 'jwt-secret-for-the-python-host-0123456789';
const LEAD_SECRET = 'lead-secret-shared-with-the-host-9876543210';
const PHONE = '+919812345678';
const LEADS = {
  'lead-1': {
    firstName: 'Asha',
    lastName: 'Rao',
    phone: PHONE,
    optInDate: '2026-01-05T10:00:00.000Z',
    owners: ['agent-1'],
  },
};

let fake: FakeSaleschatServer;
let store: Awaited<ReturnType<typeof tempStoreDir>>;
let python: { host: Child; url: string };
let serve: Child;
let serveUrl: string;

/** The kit's client as a page of the Python CRM uses it: its token comes from the host. */
function clientFor(user: string) {
  return createSaleschatClient({
    baseUrl: `${serveUrl}/api/saleschat`,
    getToken: async () => {
      const response = await fetch(`${python.url}/token?user=${user}`);
      return ((await response.json()) as { token: string }).token;
    },
  });
}

async function errorOf(promise: Promise<unknown>): Promise<SaleschatError> {
  try {
    await promise;
  } catch (error) {
    return error as SaleschatError;
  }
  throw new Error('expected a failure');
}

describe('saleschat-kit serve beside a Python host', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    fake = await startFakeSaleschatServer({ token: TOKEN, orgId: ORG_ID });
    const agents = ['agent-1', 'agent-2'].map(
      (crmUserId, i) =>
        [
          crmUserId,
          fake.fake.seedUser({
            email: `agent${i}@example.com`,
            firstName: 'Agent',
            lastName: `${i}`,
          }).userId,
        ] as const,
    );
    store = await tempStoreDir();
    const seed = createEmbeddedStore({ dataDir: store.dir });
    for (const [crmUserId, userId] of agents) await seed.linkUser(crmUserId, userId);
    await seed.close();
    python = await startPythonHost({ JWT_SECRET, LEAD_SECRET, LEADS: JSON.stringify(LEADS) });
    ({ serve, url: serveUrl } = await startServeProcess({
      SALESCHAT_API_TOKEN: TOKEN,
      SALESCHAT_ORG_ID: ORG_ID,
      SALESCHAT_BASE_URL: fake.url,
      SALESCHAT_DATA_DIR: store.dir,
      SALESCHAT_KIT_JWT_SECRET: JWT_SECRET,
      SALESCHAT_KIT_JWT_ISSUER: 'python-crm',
      SALESCHAT_KIT_ALLOWED_ORIGINS: 'https://crm.test',
      SALESCHAT_KIT_LEAD_URL: `${python.url}/leads`,
      SALESCHAT_KIT_LEAD_SECRET: LEAD_SECRET,
    }));
  }, 90_000);

  afterAll(async () => {
    await serve?.stop();
    await python?.host.stop();
    await fake?.close();
    store?.remove();
  });

  it('lets a listed origin send the token (preflight)', async () => {
    const preflight = await fetch(`${serveUrl}/api/saleschat/chat`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://crm.test',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization, content-type',
      },
    });
    expect(preflight.headers.get('Access-Control-Allow-Origin')).toBe('https://crm.test');
    expect(preflight.headers.get('Access-Control-Allow-Headers')).toContain('Authorization');
  });

  it('answers /healthz and /readyz', async () => {
    expect(await (await fetch(`${serveUrl}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${serveUrl}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);
  });

  it('logs in and opens a chat with the JWT the host mints, and the lead the host signs for', async () => {
    const client = clientFor('agent-1');
    const login = await client.login();
    expect(login.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    const chat = await client.openChat({ crmCustomerId: 'lead-1' });
    expect(chat).toMatchObject({ contact: 'created', assignment: 'assigned' });
    const again = await client.openChat({ crmCustomerId: 'lead-1' });
    expect(again).toMatchObject({ contactId: chat.contactId, contact: 'existing' });
    const [contact] = [...fake.fake.contacts.values()];
    expect(contact).toMatchObject({ phoneNumber: PHONE, crmId: 'lead-1' });
  });

  it('refuses what the host refuses: another user (FORBIDDEN), an unknown lead, no or a forged token', async () => {
    expect((await errorOf(clientFor('agent-2').openChat({ crmCustomerId: 'lead-1' }))).code).toBe(
      'FORBIDDEN',
    );
    expect((await errorOf(clientFor('agent-1').openChat({ crmCustomerId: 'nobody' }))).code).toBe(
      'LEAD_NOT_FOUND',
    );
    const anonymous = createSaleschatClient({ baseUrl: `${serveUrl}/api/saleschat` });
    expect((await errorOf(anonymous.login())).code).toBe('UNAUTHENTICATED');
    const forged = createSaleschatClient({
      baseUrl: `${serveUrl}/api/saleschat`,
      getToken: () => 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZ2VudC0xIn0.c2lnbmF0dXJl',
    });
    const refused = await errorOf(forged.login());
    expect([refused.code, refused.message]).toEqual([
      'UNAUTHENTICATED',
      "The token's signature does not verify.",
    ]);
  });

  it('writes one JSON line per request, without the phone number or a secret, and stops on SIGTERM', async () => {
    const code = await serve.stop();
    const lines = serve
      .stdout()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { message: string; status?: number });
    expect(
      lines.filter((line) => line.message.startsWith('POST /api/saleschat/chat')).length,
    ).toBeGreaterThanOrEqual(4);
    expect(lines.at(-1)?.message).toBe('Stopped');
    expect(code).toBe(0);
    for (const secret of [PHONE, '9812345678', TOKEN, JWT_SECRET, LEAD_SECRET]) {
      expect(serve.stdout() + serve.stderr()).not.toContain(secret);
    }
  });
});
