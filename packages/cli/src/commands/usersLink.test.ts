import { startFakeSaleschatServer, type FakeSaleschatServer } from '@saleschat-kit/fake-saleschat';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../../test/captureIo';
import { tempStoreDir } from '../../test/tempStoreDir';
import { runCli } from '../runCli';

const TOKEN = 'cli-link-token-51c0a2';
let server: FakeSaleschatServer;
let store: { dir: string; remove: () => void };
let ann: string;
let bo: string;

async function run(args: string[], env: Record<string, string> = {}) {
  const io = captureIo({
    SALESCHAT_API_TOKEN: TOKEN,
    SALESCHAT_ORG_ID: 'org_fake',
    SALESCHAT_BASE_URL: server.url,
    SALESCHAT_DATA_DIR: store.dir,
    ...env,
  });
  const code = await runCli(args, io);
  expect(io.stdout.text + io.stderr.text).not.toContain(TOKEN);
  return { code, stdout: io.stdout.text, stderr: io.stderr.text };
}

// One store for the file: each test builds on the links the previous ones made.
describe('saleschat-kit users link, list and unlink', { timeout: 30_000 }, () => {
  beforeAll(async () => {
    server = await startFakeSaleschatServer({ token: TOKEN });
    store = await tempStoreDir();
    ann = server.fake.seedUser({
      email: 'ann@example.com',
      firstName: 'Ann',
      lastName: 'Lee',
    }).userId;
    bo = server.fake.seedUser({
      email: 'bo@example.com',
      firstName: 'Bo',
      lastName: 'Diaz',
    }).userId;
  });

  afterAll(async () => {
    await server?.close();
    store?.remove();
  });

  it('links a CRM user to a Saleschat user of the org, after asking Saleschat', async () => {
    const result = await run(['users', 'link', 'crm-1', ann]);
    expect(result).toMatchObject({ code: 0, stdout: `Linked crm-1 to ${ann}.\n` });
    expect(server.fake.requests.at(-1)).toMatchObject({
      path: `/v1/org/org_fake/user/${ann}/magiclink`,
      status: 200,
    });

    const again = await run(['users', 'link', 'crm-1', ann]);
    expect(again).toMatchObject({ code: 0, stdout: `crm-1 is already linked to ${ann}.\n` });
  });

  it('refuses an id that is not in the org, and links nothing', async () => {
    const result = await run(['users', 'link', 'crm-2', 'no-such-user']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Saleschat has no user no-such-user in the organisation/);
    const list = await run(['users', 'list', '--json']);
    expect(JSON.parse(list.stdout)).toEqual([{ crmUserId: 'crm-1', scUserId: ann }]);
  });

  it('re-links a CRM user to another Saleschat user only with --force', async () => {
    const refused = await run(['users', 'link', 'crm-1', bo]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(`crm-1 is linked to ${ann}. Pass --force`);

    const forced = await run(['users', 'link', 'crm-1', bo, '--force', '--json']);
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout)).toEqual({
      crmUserId: 'crm-1',
      scUserId: bo,
      status: 'linked',
      previous: ann,
      checked: true,
    });
  });

  it('links without a check when Saleschat is not configured, and says so', async () => {
    const result = await run(['users', 'link', 'crm-3', 'sc-offline'], { SALESCHAT_API_TOKEN: '' });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/Not checked with Saleschat/);
    expect(result.stdout).toBe('Linked crm-3 to sc-offline (not checked with Saleschat).\n');
  });

  it('lists users by CRM user id, and only unlinked ones with --unlinked', async () => {
    await run(['users', 'unlink', 'crm-3']);
    const table = await run(['users', 'list']);
    expect(table.code).toBe(0);
    expect(table.stdout).toBe(`crm_user_id  sc_user_id\ncrm-1        ${bo}\ncrm-3        -\n`);
    expect(table.stderr).toBe('2 users, 1 linked.\n');
    const unlinked = await run(['users', 'list', '--unlinked', '--json']);
    expect(JSON.parse(unlinked.stdout)).toEqual([{ crmUserId: 'crm-3', scUserId: null }]);
  });

  it('unlinks a CRM user, and says when there is nothing to unlink', async () => {
    const result = await run(['users', 'unlink', 'crm-1']);
    expect(result).toMatchObject({ code: 0, stdout: `Unlinked crm-1 (was ${bo}).\n` });
    const again = await run(['users', 'unlink', 'crm-1']);
    expect(again).toMatchObject({ code: 0, stdout: 'crm-1 is not linked: nothing to do.\n' });
  });
});
