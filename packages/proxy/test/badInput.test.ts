import { PROXY_ERROR_CODES, type ErrorBody } from '@saleschat-kit/core';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { describe, expect, it } from 'vitest';
import { CRM_ORIGIN } from './createTestWorld';
import { storeFactories } from './testStores';
import { worldPerSuite } from './worldPerSuite';

/** Seeded, so a failure replays exactly. */
function createRandom(seed: number) {
  const rng = xoroshiro128plus(seed);
  const int = (max: number) => uniformInt(rng, 0, max - 1);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  return { next: () => uniformFloat64(rng), int, pick };
}

type Random = ReturnType<typeof createRandom>;

const NASTY_STRINGS = [
  '',
  ' ',
  '\t\n',
  '\u0000',
  'a\u0007b',
  '\u0085',
  '\u200b',
  '💬'.repeat(65),
  'x'.repeat(129),
  'x'.repeat(5000),
  '"; DROP TABLE contact; --',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  '\ud800',
  'null',
  '{}',
];

function randomString(random: Random): string {
  if (random.next() < 0.5) return random.pick(NASTY_STRINGS);
  const length = random.int(200);
  let text = '';
  for (let i = 0; i < length; i++) text += String.fromCharCode(random.int(0x3000));
  return text;
}

function randomJson(random: Random, depth = 0): unknown {
  const kind = random.int(depth > 2 ? 5 : 8);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return random.next() < 0.5;
    case 2:
      return random.pick([0, -1, 1e308, Number.MAX_SAFE_INTEGER + 2, 3.14]);
    case 3:
    case 4:
      return randomString(random);
    case 5:
      return Array.from({ length: random.int(5) }, () => randomJson(random, depth + 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let i = random.int(5); i > 0; i--) {
        object[
          random.pick([
            'crmCustomerId',
            'crmcustomerid',
            '__proto__',
            'phone',
            randomString(random),
          ])
        ] = randomJson(random, depth + 1);
      }
      return object;
    }
  }
}

/** A request body that is wrong in one of the ways clients and attackers get bodies wrong. */
function randomBody(random: Random): string | Uint8Array<ArrayBuffer> | undefined {
  switch (random.int(8)) {
    case 0:
      return undefined;
    case 1:
      // Bytes that are not UTF-8.
      return Uint8Array.from({ length: random.int(64) + 1 }, () => 0x80 + random.int(0x80));
    case 2:
      return JSON.stringify(randomJson(random)).slice(0, random.int(40));
    case 3:
      return JSON.stringify({ crmCustomerId: randomJson(random) });
    case 4:
      return JSON.stringify({ crmCustomerId: random.pick(NASTY_STRINGS) });
    case 5:
      return JSON.stringify({ crmCustomerId: 'lead-unknown', extra: 'p'.repeat(random.int(8000)) });
    default:
      return JSON.stringify(randomJson(random));
  }
}

/** Printable ASCII only: the Fetch API itself refuses other header bytes before the proxy sees them. */
function randomHeaderValue(random: Random): string {
  const length = random.int(80);
  let value = '';
  for (let i = 0; i < length; i++) value += String.fromCharCode(0x20 + random.int(0x5f));
  return value.trim();
}

function randomHeaders(random: Random, user: string): Headers {
  const headers = new Headers();
  const maybe = (probability: number, name: string, value: () => string) => {
    if (random.next() < probability) headers.set(name, value());
  };
  maybe(0.7, 'Cookie', () =>
    random.pick([
      `session=${user}`,
      `session=${randomHeaderValue(random)}`,
      randomHeaderValue(random),
    ]),
  );
  maybe(0.6, 'X-Saleschat-Kit', () =>
    random.pick(['1', '0', '', 'true', randomHeaderValue(random)]),
  );
  maybe(0.6, 'Content-Type', () =>
    random.pick([
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      randomHeaderValue(random),
    ]),
  );
  maybe(0.5, 'Origin', () =>
    random.pick([CRM_ORIGIN, 'https://evil.example', 'null', randomHeaderValue(random)]),
  );
  maybe(0.4, 'X-Request-Id', () => randomHeaderValue(random));
  maybe(0.2, 'Authorization', () => randomHeaderValue(random));
  maybe(0.2, 'Accept', () => randomHeaderValue(random));
  return headers;
}

describe.each(storeFactories)('1,000 random bad requests on $name', ({ create }) => {
  const suite = worldPerSuite(create);

  it('get only 4xx answers in the error shape, never a 5xx, and never reach Saleschat', async () => {
    const agent = await suite.world.agent();
    const random = createRandom(20_240_611);
    const failures: string[] = [];
    for (let i = 0; i < 1000; i++) {
      // Most requests get past the edge checks, so the bad body itself is what is tested;
      // the rest vary method, path and headers too.
      const envelopeOk = random.next() < 0.6;
      const method = envelopeOk
        ? 'POST'
        : random.pick(['POST', 'POST', 'GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']);
      const path = envelopeOk
        ? '/chat'
        : random.pick(['/chat', '/chat', '/login', '/me', '/chat/', '/CHAT', '/x']);
      const headers = envelopeOk
        ? new Headers({
            Cookie: `session=${agent.crmUserId}`,
            'X-Saleschat-Kit': '1',
            'Content-Type': 'application/json',
            Origin: CRM_ORIGIN,
          })
        : randomHeaders(random, agent.crmUserId);
      const request = new Request(`${CRM_ORIGIN}/api/saleschat${path}`, {
        method,
        headers,
        body: method === 'GET' ? undefined : randomBody(random),
      });
      // /login and /me of a linked agent with valid headers are good requests, not bad ones.
      const response = await suite.world.proxy.fetch(request);
      const text = await response.text();
      const status = response.status;
      if (status >= 200 && status < 300 && path !== '/chat') continue;
      let errorBody: ErrorBody | undefined;
      try {
        errorBody = JSON.parse(text) as ErrorBody;
      } catch {
        // Reported below.
      }
      const wellFormed =
        status >= 400 &&
        status < 500 &&
        errorBody !== undefined &&
        PROXY_ERROR_CODES.includes(errorBody.error?.code) &&
        typeof errorBody.error.message === 'string' &&
        typeof errorBody.error.requestId === 'string';
      if (!wellFormed) failures.push(`#${i} ${method} ${path} → ${status} ${text.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
    expect(suite.world.fake.countRequests('createContact')).toBe(0);
    expect(suite.world.fake.countRequests('assign')).toBe(0);
  });
});
