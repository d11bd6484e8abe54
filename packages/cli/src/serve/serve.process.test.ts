import { createSaleschatClient, type SaleschatError } from '@saleschat-kit/core';
import { startFakeSaleschatServer, type FakeSaleschatServer } from '@saleschat-kit/fake-saleschat';
import { createEmbeddedStore } from '@saleschat-kit/proxy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePrometheusText } from '../../test/parsePrometheusText';
import { startPythonHost, startServeProcess, type Child } from '../../test/startProcesses';
import { tempStoreDir } from '../../test/tempStoreDir';

const TOKEN = 'serve-test-token-6f1c2a9e';
const ORG_ID = 'org_serve';
const JWT_SECRET = 'jwt-secret-for-the-python-host-0123456789';
const LEAD_SECRET = 'lead-secret-shared-with-the-host-9876543210';
const METRICS_TOKEN = 'metrics-scrape-token-5e0b7d';
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
      SALESCHAT_KIT_METRICS_TOKEN: METRICS_TOKEN,
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

  it('serves /metrics in the Prometheus text format to a scraper with the token, with no secret or personal data', async () => {
    const client = clientFor('agent-1');
    await client.login();
    await client.openChat({ crmCustomerId: 'lead-1' });
    for (const authorization of [undefined, 'Bearer not-the-token', METRICS_TOKEN]) {
      const refused = await fetch(`${serveUrl}/metrics`, {
        headers: authorization ? { Authorization: authorization } : {},
      });
      expect([refused.status, refused.headers.get('WWW-Authenticate')]).toEqual([
        401,
        'Bearer realm="metrics"',
      ]);
    }
    const scraper = { Authorization: `Bearer ${METRICS_TOKEN}` };
    const posted = await fetch(`${serveUrl}/metrics`, { method: 'POST', headers: scraper });
    expect([posted.status, posted.headers.get('Allow')]).toEqual([405, 'GET, HEAD']);
    const scrape = await fetch(`${serveUrl}/metrics`, { headers: scraper });
    const text = await scrape.text();
    expect([scrape.status, scrape.headers.get('Content-Type')]).toEqual([200, 'text/plain']);
    const samples = parsePrometheusText(text);
    expect(samples).toContainEqual({
      name: 'target_info',
      labels: expect.objectContaining({ service_name: 'saleschat-kit-serve' }),
      value: 1,
    });
    // The proxy's http.server.request.duration, named as the OpenTelemetry exporter writes it
    // (dots to underscores; the unit in a `# UNIT` comment, not a suffix).
    const logins = samples.find(
      (sample) =>
        sample.name === 'http_server_request_duration_count' &&
        sample.labels.http_route === '/login' &&
        sample.labels.http_response_status_code === '200',
    );
    expect(logins?.value).toBeGreaterThanOrEqual(1);
    for (const secret of [TOKEN, JWT_SECRET, LEAD_SECRET, METRICS_TOKEN, PHONE, '9812345678']) {
      expect(text).not.toContain(secret);
    }
    for (const personal of ['Asha', 'Rao', 'lead-1']) expect(text).not.toContain(personal);
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
