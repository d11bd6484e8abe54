import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SaleschatError } from '@saleschat-kit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLeadFetcher, LEAD_SIGNATURE_HEADERS, leadSignature } from './createLeadFetcher';

const SECRET = 'lead-fetcher-secret-0123456789abcdef';
const PHONE = '+919876501234';
let origin: string;
let handler: (req: IncomingMessage, res: ServerResponse) => void = () => undefined;
const server = createServer((req, res) => handler(req, res));

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function answer(status: number, body?: string) {
  handler = (_req, res) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(body);
  };
}

const fetcher = (timeoutMs = 2000) =>
  createLeadFetcher({ leadUrl: new URL(`${origin}/crm/leads/`), secret: SECRET, timeoutMs });

async function failure(promise: Promise<unknown>): Promise<SaleschatError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SaleschatError);
  return error as SaleschatError;
}

describe('createLeadFetcher', () => {
  it('signs timestamp, method, path and user, and passes the lead on with its opt-in date', async () => {
    let seen: IncomingMessage | undefined;
    handler = (req, res) => {
      seen = req;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          firstName: 'Asha',
          lastName: null,
          phone: PHONE,
          optInDate: '2026-01-05',
        }),
      );
    };
    const lead = await fetcher()('lead/7 é', { crmUserId: 'agent-1' });
    expect(lead).toEqual({
      firstName: 'Asha',
      lastName: null,
      phone: PHONE,
      optInDate: '2026-01-05',
    });
    const header = (name: string) => seen?.headers[name.toLowerCase()] as string;
    expect(seen?.url).toBe('/crm/leads/lead%2F7%20%C3%A9');
    expect(header(LEAD_SIGNATURE_HEADERS.user)).toBe('agent-1');
    expect(
      Math.abs(Number(header(LEAD_SIGNATURE_HEADERS.timestamp)) - Date.now() / 1000),
    ).toBeLessThan(5);
    expect(header(LEAD_SIGNATURE_HEADERS.signature)).toBe(
      leadSignature(
        SECRET,
        header(LEAD_SIGNATURE_HEADERS.timestamp),
        'GET',
        seen?.url ?? '',
        'agent-1',
      ),
    );
  });

  it('reads 404 as no lead and 403 as a denial', async () => {
    answer(404);
    expect(await fetcher()('x', { crmUserId: 'u' })).toBeNull();
    answer(403);
    expect(await fetcher()('x', { crmUserId: 'u' })).toEqual({ denied: true });
  });

  it.each([
    [401, '', 'refused the signature (401)'],
    [500, '', 'answered 500; it answers 200, 403 or 404.'],
    [200, 'not json', 'answered 200 with a body that is not a JSON object.'],
    [200, JSON.stringify({ firstName: 'A' }), 'answered a lead without "phone".'],
    [200, JSON.stringify({ phone: PHONE, firstName: 7 }), 'is not a string'],
  ])(
    'answers %i %j with a clear INTERNAL error that holds no lead detail',
    async (status, body, why) => {
      answer(status, body);
      const error = await failure(fetcher()('x', { crmUserId: 'u' }));
      expect(error.code).toBe('INTERNAL');
      expect(error.message).toContain(why);
      expect(error.message).not.toContain(PHONE);
    },
  );

  it('gives up after its timeout, and says so', async () => {
    handler = () => undefined;
    const error = await failure(fetcher(200)('x', { crmUserId: 'u' }));
    expect([error.code, error.message]).toEqual([
      'INTERNAL',
      "The CRM's lead endpoint did not answer within 200 ms.",
    ]);
  });
});
