import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveServeConfig } from './resolveServeConfig';

const SECRET = 'a-jwt-secret-of-32-bytes-or-more-123';
const LEAD = {
  SALESCHAT_KIT_LEAD_URL: 'http://127.0.0.1:8000/leads',
  SALESCHAT_KIT_LEAD_SECRET: 'lead-secret',
};

describe('resolveServeConfig', () => {
  it('reads the environment, with the option table defaults', () => {
    const config = resolveServeConfig(
      {},
      {
        ...LEAD,
        SALESCHAT_KIT_JWT_SECRET: SECRET,
        SALESCHAT_KIT_ALLOWED_ORIGINS: 'https://a.test, https://b.test',
      },
      '/',
    );
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8787,
      basePath: '/api/saleschat',
      allowedOrigins: ['https://a.test', 'https://b.test'],
      caller: { kind: 'jwt-secret', secret: SECRET, audience: 'saleschat-kit' },
      leadSecret: 'lead-secret',
      metrics: { token: undefined },
      secrets: [SECRET, 'lead-secret'],
    });
    expect(config.leadUrl.href).toBe('http://127.0.0.1:8000/leads');
  });

  it('lets flags win, and reads secrets from the files they name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'serve-config-'));
    try {
      writeFileSync(join(dir, 'lead'), 'from-file\n');
      const config = resolveServeConfig(
        {
          port: '0',
          'jwks-url': 'https://crm.test/jwks.json',
          'jwt-issuer': 'crm',
          'lead-secret-file': 'lead',
        },
        { ...LEAD, PORT: '9000' },
        dir,
      );
      expect([config.port, config.leadSecret, config.caller.kind]).toEqual([
        0,
        'from-file',
        'jwks',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('turns /metrics off, or makes it require a token that is then kept out of the output', () => {
    const env = { ...LEAD, SALESCHAT_KIT_JWT_SECRET: SECRET };
    expect(resolveServeConfig({ metrics: 'off' }, env, '/').metrics).toBeNull();
    const guarded = resolveServeConfig({}, { ...env, SALESCHAT_KIT_METRICS_TOKEN: 'scrape' }, '/');
    expect([guarded.metrics, guarded.secrets]).toEqual([
      { token: 'scrape' },
      [SECRET, 'lead-secret', 'scrape'],
    ]);
  });

  it.each([
    [{ ...LEAD }, 'in exactly one way'],
    [
      { ...LEAD, SALESCHAT_KIT_JWT_SECRET: SECRET, SALESCHAT_KIT_WHOAMI_URL: 'http://h.test/me' },
      'several are set',
    ],
    [{ ...LEAD, SALESCHAT_KIT_JWT_SECRET: 'short' }, 'at least 32 bytes'],
    [{ SALESCHAT_KIT_JWT_SECRET: SECRET }, 'Say where leads come from'],
    [
      { ...LEAD, SALESCHAT_KIT_LEAD_URL: 'ftp://x', SALESCHAT_KIT_JWT_SECRET: SECRET },
      'must be an http(s) URL',
    ],
    [{ ...LEAD, SALESCHAT_KIT_JWT_SECRET: SECRET, PORT: '99999' }, '--port must be 0–65535'],
    [
      { ...LEAD, SALESCHAT_KIT_JWT_SECRET: SECRET, SALESCHAT_KIT_METRICS: 'yes' },
      '--metrics (SALESCHAT_KIT_METRICS) is on or off, not "yes"',
    ],
  ])('refuses %j with a usage error', (env, why) => {
    expect(() => resolveServeConfig({}, env, '/')).toThrow(why);
  });
});
