import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A fresh embedded store folder, and how to remove it. The store creates and migrates its
 * SQLite database on first open, in milliseconds, so no template is kept.
 */
export async function tempStoreDir(): Promise<{ dir: string; remove: () => void }> {
  const dir = join(mkdtempSync(join(tmpdir(), 'saleschat-kit-cli-store-')), 'data');
  mkdirSync(dir);
  return { dir, remove: () => rmSync(join(dir, '..'), { recursive: true, force: true }) };
}
