import { createEmbeddedStore } from '@saleschat-kit/proxy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../../test/captureIo';
import { tempStoreDir } from '../../test/tempStoreDir';
import { runCli } from '../runCli';

let store: { dir: string; remove: () => void };

async function run(args: string[]) {
  const io = captureIo({ SALESCHAT_DATA_DIR: store.dir });
  const code = await runCli(args, io);
  return { code, stdout: io.stdout.text, stderr: io.stderr.text };
}

describe('saleschat-kit contacts pending and link', { timeout: 30_000 }, () => {
  beforeAll(async () => {
    store = await tempStoreDir();
    // What a proxy leaves behind: one create whose outcome it never saw, one Saleschat refused
    // as a duplicate without naming the contact.
    const proxyStore = createEmbeddedStore({ dataDir: store.dir });
    await proxyStore.recordCreateRequest('lead-unknown', new Date('2026-01-01T10:00:00Z'));
    await proxyStore.recordCreateRequest('lead-dup', new Date('2026-01-01T10:01:00Z'));
    await proxyStore.markNeedsRepair('lead-dup', new Date('2026-01-01T10:01:05Z'));
    await proxyStore.close();
  });
  afterAll(() => store.remove());

  it('lists both, saying which needs an operator', async () => {
    const { code, stdout } = await run(['contacts', 'pending', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([
      { crmCustomerId: 'lead-unknown', requestedAt: '2026-01-01T10:00:00.000Z', status: 'unknown' },
      {
        crmCustomerId: 'lead-dup',
        requestedAt: '2026-01-01T10:01:00.000Z',
        status: 'needs-repair',
      },
    ]);
  });

  it('links one, which leaves the list; another id needs --force', async () => {
    expect((await run(['contacts', 'link', 'lead-dup', 'c-77'])).code).toBe(0);
    const { stdout } = await run(['contacts', 'pending', '--json']);
    expect(JSON.parse(stdout).map((p: { crmCustomerId: string }) => p.crmCustomerId)).toEqual([
      'lead-unknown',
    ]);
    const refused = await run(['contacts', 'link', 'lead-dup', 'c-78']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--force');
    expect((await run(['contacts', 'link', 'lead-dup', 'c-78', '--force'])).code).toBe(0);
  });

  it('says in its help where to find the contact id', async () => {
    const { stdout } = await run(['contacts', 'link', '--help']);
    expect(stdout).toContain('chatroom is named after its CRM id');
  });
});
