import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedStore } from '@saleschat-kit/proxy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../../test/captureIo';
import { tempStoreDir } from '../../test/tempStoreDir';
import { runCli } from '../runCli';

let files: string;
let store: { dir: string; remove: () => void };

function file(name: string, text: string): string {
  const path = join(files, name);
  writeFileSync(path, text);
  return path;
}

async function run(args: string[]) {
  const io = captureIo({ SALESCHAT_DATA_DIR: store.dir });
  const code = await runCli(args, io);
  return { code, stdout: io.stdout.text, stderr: io.stderr.text };
}

async function mappings(): Promise<Record<string, string | undefined>> {
  const opened = createEmbeddedStore({ dataDir: store.dir });
  try {
    const ids = ['c-1', 'c-2', 'c-3'];
    const contacts = await Promise.all(ids.map((id) => opened.getContact(id)));
    return Object.fromEntries(ids.map((id, index) => [id, contacts[index]?.scContactId]));
  } finally {
    await opened.close();
  }
}

// One store for the file: each test builds on the mappings the previous ones made.
describe('saleschat-kit contacts import', { timeout: 30_000 }, () => {
  beforeAll(async () => {
    files = mkdtempSync(join(tmpdir(), 'saleschat-kit-cli-contacts-'));
    store = await tempStoreDir();
  });

  afterAll(() => {
    store?.remove();
    rmSync(files, { recursive: true, force: true });
  });

  it('shows what it would save with --dry-run, and writes nothing', async () => {
    const path = file('dry.csv', 'crm_customer_id,sc_contact_id\nc-1,sc-1\nc-2,sc-2\n');
    const result = await run(['contacts', 'import', path, '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /Dry run: 2 would be saved, 0 replaced, 0 unchanged, 0 conflicts/,
    );
    expect(await mappings()).toEqual({ 'c-1': undefined, 'c-2': undefined, 'c-3': undefined });
  });

  it('saves each mapping, and leaves identical ones alone on a re-run', async () => {
    const path = file(
      'contacts.json',
      '[{"crm_customer_id": "c-1", "sc_contact_id": "sc-1"}, {"crm_customer_id": "c-2", "sc_contact_id": "sc-2"}]',
    );
    const first = await run(['contacts', 'import', path]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/line 1 {2}c-1 {2}saved/);
    expect(first.stdout).toMatch(/2 saved, 0 replaced, 0 unchanged, 0 conflicts/);
    const again = await run(['contacts', 'import', path]);
    expect(again.stdout).toMatch(/0 saved, 0 replaced, 2 unchanged, 0 conflicts/);
    expect(await mappings()).toEqual({ 'c-1': 'sc-1', 'c-2': 'sc-2', 'c-3': undefined });
  });

  it('reports a customer mapped to another contact as a conflict, and replaces it only with --force', async () => {
    const path = file('conflict.csv', 'crm_customer_id,sc_contact_id\nc-2,sc-9\nc-3,sc-3\n');
    const refused = await run(['contacts', 'import', path]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/line 2 {2}c-2 {2}CONFLICT: mapped to sc-2, the file says sc-9/);
    expect(await mappings()).toEqual({ 'c-1': 'sc-1', 'c-2': 'sc-2', 'c-3': 'sc-3' });

    const forced = await run(['contacts', 'import', path, '--force', '--json']);
    expect(forced.code).toBe(0);
    const lines = forced.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as unknown);
    expect(lines).toContainEqual({
      event: 'row',
      line: 2,
      crmCustomerId: 'c-2',
      scContactId: 'sc-9',
      status: 'replaced',
      previous: 'sc-2',
    });
    expect((await mappings())['c-2']).toBe('sc-9');
  });

  it('refuses a file with repeated or missing ids, with line numbers, and writes nothing', async () => {
    const path = file(
      'bad.csv',
      'crm_customer_id,sc_contact_id\nc-7,sc-7\nc-7,sc-8\nc-9,sc-7\nc-10,\n',
    );
    const result = await run(['contacts', 'import', path]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bad\.csv:3: crm_customer_id "c-7" is also on line 2/);
    expect(result.stderr).toMatch(/bad\.csv:4: sc_contact_id "sc-7" is also on line 2/);
    expect(result.stderr).toMatch(/bad\.csv:5: sc_contact_id is empty/);
    const missing = await run([
      'contacts',
      'import',
      file('columns.csv', 'crm_customer_id\nc-1\n'),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/columns\.csv:1: the header lacks the column sc_contact_id/);
  });
});
