import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeSaleschatServer, type FakeSaleschatServer } from '@saleschat-kit/fake-saleschat';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../../test/captureIo';
import { tempStoreDir } from '../../test/tempStoreDir';
import { runCli } from '../runCli';

let server: FakeSaleschatServer;
let store: { dir: string; remove: () => void };

/** A JWT-shaped token (unsigned: doctor only reads its expiry). */
function jwt(expiresAt: Date): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256' })}.${part({ sub: 'org', exp: Math.floor(expiresAt.getTime() / 1000) })}.c2lnbmF0dXJl`;
}

async function doctor(env: Record<string, string>, args: string[] = []) {
  const io = captureIo(env);
  const code = await runCli(['doctor', ...args], io);
  return { code, stdout: io.stdout.text, output: io.stdout.text + io.stderr.text };
}

describe('saleschat-kit doctor', { timeout: 30_000 }, () => {
  const validToken = jwt(new Date(Date.now() + 365 * 24 * 3600_000));

  beforeAll(async () => {
    server = await startFakeSaleschatServer({ token: validToken, orgId: 'org_doc' });
    store = await tempStoreDir();
  });

  afterAll(async () => {
    await server?.close();
    store?.remove();
  });

  const good = () => ({
    SALESCHAT_API_TOKEN: validToken,
    SALESCHAT_ORG_ID: 'org_doc',
    SALESCHAT_BASE_URL: server.url,
    SALESCHAT_DATA_DIR: store.dir,
  });

  it('passes every check of a working set-up, with one harmless call to Saleschat', async () => {
    server.fake.clearRequests();
    const result = await doctor(good());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ok {4}token: a JWT valid until \d{4}-/m);
    expect(result.stdout).toMatch(
      /^ok {4}store: the embedded store in .*: reachable, up to date, 0 CRM users \(0 linked\)/m,
    );
    expect(result.stdout).toMatch(
      `ok    Saleschat: ${server.url} accepts the token for organisation org_doc.`,
    );
    expect(result.stdout).toMatch(/All checks passed\.$/m);
    expect(server.fake.requests.map((request) => [request.method, request.status])).toEqual([
      ['GET', 404],
    ]);
    expect(result.output).not.toContain(validToken);
  });

  it('says a token Saleschat refuses is refused, and how to fix it, without printing it', async () => {
    const wrong = jwt(new Date(Date.now() + 24 * 3600_000 * 30)).replace('c2lnbmF0dXJl', 'd3Jvbmc');
    const result = await doctor({ ...good(), SALESCHAT_API_TOKEN: wrong });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^FAIL {2}Saleschat: Saleschat refused the token or the organisation \(4010001 UNAUTHENTICATED\)/m,
    );
    expect(result.stdout).toMatch(/^ {6}fix: check SALESCHAT_API_TOKEN/m);
    expect(result.output).not.toContain(wrong);
  });

  it('fails an expired token from its own expiry, and warns about an organisation the token cannot use', async () => {
    const expired = jwt(new Date('2024-01-01T00:00:00Z'));
    const result = await doctor({ ...good(), SALESCHAT_API_TOKEN: expired }, ['--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { ok: boolean; checks: unknown[] };
    expect(report.ok).toBe(false);
    expect(report.checks).toContainEqual({
      name: 'token',
      status: 'fail',
      message: 'SALESCHAT_API_TOKEN expired on 2024-01-01T00:00:00.000Z.',
      fix: 'get a new admin token for the organisation from Saleschat.',
    });
    const otherOrg = await doctor({ ...good(), SALESCHAT_ORG_ID: 'org_other' });
    expect(otherOrg.stdout).toMatch(
      /FAIL {2}Saleschat: Saleschat refused the token or the organisation \(4030001 FORBIDDEN\)/,
    );
  });

  it('lists missing settings with their fixes, and does not call Saleschat', async () => {
    server.fake.clearRequests();
    const result = await doctor({ SALESCHAT_DATA_DIR: store.dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^FAIL {2}configuration: No Saleschat token\.\n {6}fix: set SALESCHAT_API_TOKEN/m,
    );
    expect(result.stdout).toMatch(
      /^FAIL {2}configuration: No Saleschat organisation\.\n {6}fix: set SALESCHAT_ORG_ID/m,
    );
    expect(result.stdout).toMatch(/^FAIL {2}Saleschat: not checked/m);
    expect(server.fake.requests).toHaveLength(0);
  });

  it('fails an unreachable PostgreSQL server with the URL but not its password', async () => {
    const result = await doctor({
      ...good(),
      DATABASE_URL: 'postgres://kit:s3cret-pw@127.0.0.1:1/crm',
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^FAIL {2}store: PostgreSQL at postgres:\/\/kit@127\.0\.0\.1:1\/crm cannot be opened: .*ECONNREFUSED/m,
    );
    expect(result.stdout).toMatch(/fix: check DATABASE_URL/);
    expect(result.output).not.toContain('s3cret-pw');
  });

  it('warns when the embedded store does not exist yet, and says how to create it', async () => {
    const missing = join(store.dir, '..', 'not-created');
    const result = await doctor({ ...good(), SALESCHAT_DATA_DIR: missing });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^warn {2}store: no embedded store in .*not-created yet\.\n {6}fix: run `saleschat-kit migrate`/m,
    );
    rmSync(missing, { recursive: true, force: true });
  });
});
