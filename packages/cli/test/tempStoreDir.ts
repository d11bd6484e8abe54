import { cpSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPgliteStore } from '@saleschat-kit/proxy';

/**
 * Creating a PGlite database costs seconds (initdb in WebAssembly); copying one costs
 * milliseconds. One migrated template is kept in the temp folder and copied per test.
 */
const TEMPLATE = join(tmpdir(), 'saleschat-kit-cli-test-pglite-template-v1');

async function template(): Promise<string> {
  if (existsSync(join(TEMPLATE, 'PG_VERSION'))) return TEMPLATE;
  const building = mkdtempSync(join(tmpdir(), 'saleschat-kit-cli-template-'));
  const store = createPgliteStore({ dataDir: building });
  await store.ready();
  await store.close();
  try {
    // Atomic: a test file building it at the same time either wins or finds it done.
    renameSync(building, TEMPLATE);
  } catch {
    rmSync(building, { recursive: true, force: true });
  }
  return TEMPLATE;
}

/** A fresh, migrated embedded store folder, and how to remove it. */
export async function tempStoreDir(): Promise<{ dir: string; remove: () => void }> {
  const source = await template();
  const dir = join(mkdtempSync(join(tmpdir(), 'saleschat-kit-cli-store-')), 'data');
  cpSync(source, dir, { recursive: true });
  return { dir, remove: () => rmSync(join(dir, '..'), { recursive: true, force: true }) };
}
