import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SaleschatError } from '@saleschat-kit/core';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallerCheck } from './createCallerCheck';

const SECRET = 'caller-check-secret-0123456789abcdef';
const key = new TextEncoder().encode(SECRET);
let jwksOrigin: string;
let keys: { rsa: CryptoKey; ed: CryptoKey };
const jwks = createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(jwksBody);
});
let jwksBody = '';

beforeAll(async () => {
  const rsa = await generateKeyPair('RS256');
  const ed = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  keys = { rsa: rsa.privateKey, ed: ed.privateKey };
  jwksBody = JSON.stringify({
    keys: [
      { ...(await exportJWK(rsa.publicKey)), kid: 'rsa', alg: 'RS256' },
      { ...(await exportJWK(ed.publicKey)), kid: 'ed', alg: 'EdDSA' },
    ],
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  jwksOrigin = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}`;
});
afterAll(async () => {
  jwks.closeAllConnections();
  await new Promise((resolve) => jwks.close(resolve));
});

const request = (token?: string) =>
  new Request('http://serve.test/api/saleschat/login', {
    method: 'POST',
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });

const hs = (claims: { sub?: string; aud?: string; iss?: string; exp?: string | number }) => {
  let jwt = new SignJWT({}).setProtectedHeader({ alg: 'HS256' });
  if (claims.sub) jwt = jwt.setSubject(claims.sub);
  if (claims.aud) jwt = jwt.setAudience(claims.aud);
  if (claims.iss) jwt = jwt.setIssuer(claims.iss);
  if (claims.exp !== undefined) jwt = jwt.setExpirationTime(claims.exp);
  return jwt.sign(key);
};

const secretCheck = createCallerCheck({
  kind: 'jwt-secret',
  secret: SECRET,
  issuer: 'crm',
  audience: 'saleschat-kit',
});

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SaleschatError);
  expect((error as SaleschatError).code).toBe('UNAUTHENTICATED');
  return (error as SaleschatError).message;
}

describe('createCallerCheck', () => {
  it('takes the CRM user id from sub of an HS256 token, and no header as no user', async () => {
    expect(
      await secretCheck(
        request(await hs({ sub: 'agent-1', aud: 'saleschat-kit', iss: 'crm', exp: '1m' })),
      ),
    ).toEqual({
      crmUserId: 'agent-1',
    });
    expect(await secretCheck(request())).toBeNull();
  });

  it.each([
    [
      { sub: 'a', aud: 'saleschat-kit', iss: 'crm', exp: Math.floor(Date.now() / 1000) - 60 },
      'The token has expired',
    ],
    [{ sub: 'a', aud: 'other', iss: 'crm', exp: '1m' }, 'aud claim'],
    [{ sub: 'a', aud: 'saleschat-kit', iss: 'elsewhere', exp: '1m' }, 'iss claim'],
    [{ sub: 'a', aud: 'saleschat-kit', iss: 'crm' }, 'exp claim'],
  ])('refuses %j, saying why', async (claims, why) => {
    expect(await refusal(secretCheck(request(await hs(claims))))).toContain(why);
  });

  it('refuses a token signed with another secret or algorithm', async () => {
    const other = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('a')
      .setAudience('saleschat-kit')
      .setIssuer('crm')
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode('x'.repeat(40)));
    expect(await refusal(secretCheck(request(other)))).toBe(
      "The token's signature does not verify.",
    );
    const rs = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256' })
      .setSubject('a')
      .setAudience('saleschat-kit')
      .setIssuer('crm')
      .setExpirationTime('1m')
      .sign(keys.rsa);
    expect(await refusal(secretCheck(request(rs)))).toBe("The token's algorithm is not accepted.");
    expect(
      await refusal(
        secretCheck(new Request('http://s.test/', { headers: { Authorization: 'Basic abc' } })),
      ),
    ).toContain('Bearer');
  });

  it('verifies RS256 and EdDSA tokens against the JWKS URL', async () => {
    const check = createCallerCheck({
      kind: 'jwks',
      jwksUrl: new URL(`${jwksOrigin}/jwks.json`),
      audience: 'saleschat-kit',
    });
    for (const [alg, kid, privateKey] of [
      ['RS256', 'rsa', keys.rsa],
      ['EdDSA', 'ed', keys.ed],
    ] as const) {
      const token = await new SignJWT({})
        .setProtectedHeader({ alg, kid })
        .setSubject(`via-${kid}`)
        .setAudience('saleschat-kit')
        .setExpirationTime('1m')
        .sign(privateKey);
      expect(await check(request(token))).toEqual({ crmUserId: `via-${kid}` });
    }
    expect(
      await refusal(check(request(await hs({ sub: 'a', aud: 'saleschat-kit', exp: '1m' })))),
    ).toBe("The token's algorithm is not accepted.");
  });

  it('forwards the cookie to the "who am I" URL, and explains an answer it cannot use', async () => {
    const whoami = createServer((req, res) => {
      const cookie = req.headers.cookie ?? '';
      res.writeHead(cookie.includes('ok') ? 200 : cookie.includes('odd') ? 200 : 401, {
        'Content-Type': 'application/json',
      });
      res.end(cookie.includes('ok') ? JSON.stringify({ crmUserId: 'from-cookie' }) : '{}');
    });
    await new Promise<void>((resolve) => whoami.listen(0, '127.0.0.1', resolve));
    try {
      const check = createCallerCheck({
        kind: 'whoami',
        whoamiUrl: new URL(`http://127.0.0.1:${(whoami.address() as AddressInfo).port}/me`),
      });
      const withCookie = (cookie: string) =>
        new Request('http://s.test/', { headers: { Cookie: cookie } });
      expect(await check(withCookie('session=ok'))).toEqual({ crmUserId: 'from-cookie' });
      expect(await check(withCookie('session=gone'))).toBeNull();
      expect(await check(request())).toBeNull();
      const error = await check(withCookie('session=odd')).catch((caught: unknown) => caught);
      expect((error as SaleschatError).message).toBe(
        `The CRM's "who am I" URL answered 200 without { "crmUserId": "…" }.`,
      );
    } finally {
      whoami.closeAllConnections();
      await new Promise((resolve) => whoami.close(resolve));
    }
  });
});
