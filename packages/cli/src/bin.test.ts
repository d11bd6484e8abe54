import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeSaleschatServer, type FakeSaleschatServer } from '@saleschat-kit/fake-saleschat';
import { createEmbeddedStore } from '@saleschat-kit/proxy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../test/captureIo';
import { tempStoreDir } from '../test/tempStoreDir';
import { runCli } from './runCli';

const TOKEN = 'cli-bin-token-93be0d7a';
const ORG_ID = 'org_bin';
const ROWS = 120;
const BIN = fileURLToPath(new URL('./bin.ts', import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

let files: string;

function envFor(server: FakeSaleschatServer, dataDir: string) {
  return {
    SALESCHAT_API_TOKEN: TOKEN,
    SALESCHAT_ORG_ID: ORG_ID,
    SALESCHAT_BASE_URL: server.url,
    SALESCHAT_DATA_DIR: dataDir,
  };
}

/** Runs the real bin in a child process, as a shell would. */
function spawnCli(args: string[], env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@saleschat-kit/source', BIN, ...args],
    { cwd: PACKAGE_DIR, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, exit };
}

/** What an import leaves behind: each CRM user's Saleschat user, by email, and the users Saleschat has. */
async function endState(server: FakeSaleschatServer, dataDir: string) {
  const store = createEmbeddedStore({ dataDir });
  const users = await store.listUsers();
  await store.close();
  return {
    links: users
      .map((user) => [user.crmUserId, server.fake.users.get(user.scUserId ?? '')?.email] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
    saleschatEmails: [...server.fake.users.values()].map((user) => user.email).sort(),
    successfulCreates: server.fake.requests.filter(
      (request) => request.endpoint === 'createUser' && request.status === 200,
    ).length,
  };
}

describe('the saleschat-kit bin', { timeout: 90_000 }, () => {
  beforeAll(() => {
    files = mkdtempSync(join(tmpdir(), 'saleschat-kit-cli-bin-'));
  });

  afterAll(() => {
    rmSync(files, { recursive: true, force: true });
  });

  it('stops cleanly on Ctrl-C mid-import, and a re-run ends where an uninterrupted run ends', async () => {
    const file = join(files, 'agents.csv');
    writeFileSync(
      file,
      [
        'crm_user_id,email,first_name,last_name',
        ...Array.from({ length: ROWS }, (_, i) => `crm-${i},agent${i}@example.com,Agent,${i}`),
      ].join('\n'),
    );
    const interrupted = await startFakeSaleschatServer({
      token: TOKEN,
      orgId: ORG_ID,
      limits: { perEndpointPerSecond: 1000 },
    });
    const straight = await startFakeSaleschatServer({
      token: TOKEN,
      orgId: ORG_ID,
      limits: { perEndpointPerSecond: 1000 },
    });
    const interruptedStore = await tempStoreDir();
    const straightStore = await tempStoreDir();
    try {
      // Interrupted: Ctrl-C once a third of the users exist.
      const { child, exit } = spawnCli(
        ['users', 'import', file, '--rate', '40'],
        envFor(interrupted, interruptedStore.dir),
      );
      while (interrupted.fake.countRequests('createUser') < ROWS / 3) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      child.kill('SIGINT');
      const first = await exit;

      expect(first.code).toBe(130);
      expect(first.stderr).toMatch(/Stopping: no new rows start/);
      expect(first.stdout).toMatch(/Interrupted in .*: 120 rows — \d+ created/);
      expect(first.stdout).toMatch(/Run the same command again to resume/);
      expect(first.stdout + first.stderr).not.toContain(TOKEN);
      // Stopped mid-way, and every user Saleschat made is linked: no id was lost.
      const midway = await endState(interrupted, interruptedStore.dir);
      expect(midway.saleschatEmails.length).toBeGreaterThan(0);
      expect(midway.saleschatEmails.length).toBeLessThan(ROWS);
      expect(midway.links.map(([, email]) => email).sort()).toEqual(midway.saleschatEmails);

      // Resumed.
      const resumeIo = captureIo(envFor(interrupted, interruptedStore.dir));
      expect(await runCli(['users', 'import', file, '--rate', '40'], resumeIo)).toBe(0);
      expect(resumeIo.stdout.text).toMatch(
        new RegExp(
          `${midway.links.length} already linked, ${ROWS - midway.links.length} to create`,
        ),
      );

      // Uninterrupted, for comparison.
      const straightIo = captureIo(envFor(straight, straightStore.dir));
      expect(await runCli(['users', 'import', file, '--rate', '40'], straightIo)).toBe(0);

      const resumedState = await endState(interrupted, interruptedStore.dir);
      const straightState = await endState(straight, straightStore.dir);
      expect(resumedState).toEqual(straightState);
      expect(resumedState.successfulCreates).toBe(ROWS);
      expect(resumedState.links).toEqual(
        Array.from({ length: ROWS }, (_, i) => [`crm-${i}`, `agent${i}@example.com`] as const).sort(
          ([a], [b]) => a.localeCompare(b),
        ),
      );
    } finally {
      await interrupted.close();
      await straight.close();
      interruptedStore.remove();
      straightStore.remove();
    }
  });

  it('prints help with examples and exits 0', async () => {
    const { exit } = spawnCli(['users', 'import', '--help'], {});
    const { code, stdout } = await exit;
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^Usage: saleschat-kit users import <file\.csv\|file\.json> \[options\]/,
    );
    expect(stdout).toMatch(/Examples:\n {2}saleschat-kit users import agents\.csv --dry-run/);
  });
});
