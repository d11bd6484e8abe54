import { CSRF_HEADER } from '@saleschat-kit/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createSaleschatRouteHandlers } from './next';
import type { SaleschatProxyOptions } from './types';

const dataDir = mkdtempSync(join(tmpdir(), 'next-handlers-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** What a route module builds at import: the environment may lack the Saleschat settings. */
const optionsFrom = (env: Record<string, string | undefined>): SaleschatProxyOptions => ({
  saleschat: { token: env.SALESCHAT_API_TOKEN ?? '', orgId: env.SALESCHAT_ORG_ID ?? '' },
  store: { dataDir },
  logger: null,
  authenticate: (request) => (request.headers.has('Cookie') ? { crmUserId: 'crm-ada' } : null),
  resolveLead: () => null,
});

// As Next.js hands a route handler a request: request.url on localhost, the real Host header.
const nextRequest = () =>
  new Request('http://localhost:3000/api/saleschat/me', {
    headers: {
      Host: 'crm.example.com',
      Origin: 'https://crm.example.com',
      'Sec-Fetch-Site': 'same-origin',
      Cookie: 'session=ada',
      [CSRF_HEADER]: '1',
    },
  });

it('builds the handlers without the Saleschat settings (next build), and says what is missing on the first request', async () => {
  const { GET } = createSaleschatRouteHandlers(optionsFrom({}));
  await expect(GET(nextRequest())).rejects.toThrow(/saleschat\.token is required/);
});

it('answers once the settings are there, to a request as Next.js hands it over', async () => {
  const handlers = createSaleschatRouteHandlers(
    optionsFrom({ SALESCHAT_API_TOKEN: 'token', SALESCHAT_ORG_ID: 'org' }),
  );
  const first = await handlers.GET(nextRequest());
  expect(first.status).toBe(200);
  expect(await first.json()).toEqual({ crmUserId: 'crm-ada', linked: false });
  expect((await handlers.GET(nextRequest())).status).toBe(200);
});
