// Runs the built Next CRM against the fake Saleschat, as `pnpm --filter next-crm start`: starts
// the fake, provisions the agents in it, links them in a fresh store (what `saleschat-kit users
// import` does against the real API), then `next start` with the settings a deployment has.
import { startFakeSaleschatServer } from '@saleschat-kit/fake-saleschat';
import { createEmbeddedStore } from '@saleschat-kit/proxy';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AGENTS } from '../src/crm';

const port = Number(process.env.PORT ?? 3001);
const host = process.env.HOSTNAME ?? '127.0.0.1';
const token = 'next-crm-fake-saleschat-token';
const orgId = 'next-crm-org';

const fake = await startFakeSaleschatServer({
  token,
  orgId,
  host: '127.0.0.1',
  port: Number(process.env.FAKE_SALESCHAT_PORT ?? 0),
});
const dataDir = await mkdtemp(join(tmpdir(), 'next-crm-'));
const store = createEmbeddedStore({ dataDir });
await store.ready();
for (const agent of AGENTS) await store.linkUser(agent.id, fake.fake.seedUser(agent).userId);
await store.close();

const appDir = fileURLToPath(new URL('..', import.meta.url));
const next = spawn(
  process.execPath,
  [join(appDir, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port), '-H', host],
  {
    cwd: appDir,
    env: {
      ...process.env,
      SALESCHAT_BASE_URL: fake.url,
      SALESCHAT_API_TOKEN: token,
      SALESCHAT_ORG_ID: orgId,
      SALESCHAT_DATA_DIR: dataDir,
      NEXT_CRM_SESSION_SECRET: randomBytes(32).toString('hex'),
      NEXT_TELEMETRY_DISABLED: '1',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
next.stdout.on('data', (chunk: Buffer) => {
  process.stdout.write(chunk);
  if (/Ready in/.test(chunk.toString())) {
    console.log(`Next CRM ready: open http://${host}:${port}`);
    console.log(`  talking to the fake Saleschat at ${fake.url}`);
  }
});

async function shutdown() {
  next.kill('SIGTERM');
  await fake.close();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
next.on('exit', async (code) => {
  await fake.close();
  process.exit(code ?? 1);
});
