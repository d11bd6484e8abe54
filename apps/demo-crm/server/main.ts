import { toExpressMiddleware } from '@saleschat-kit/proxy';
import express from 'express';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crmApi } from './crmApi';
import { plainPage } from './plainPage';
import { createCrmSaleschatProxy } from './saleschat';
import { startSaleschatBackend } from './saleschatBackend';
import { AGENTS, seedLeads } from './seed';

const env = process.env;
const port = Number(env.DEMO_PORT ?? env.PORT ?? 3000);
const host = env.DEMO_HOST ?? '127.0.0.1';

const leads = new Map(seedLeads().map((lead) => [lead.id, lead]));
const backend = await startSaleschatBackend(AGENTS, env);

// The fake forgets everything when it stops, so with it the proxy's tables start empty too;
// against the real API they persist (embedded by default, PostgreSQL with DATABASE_URL).
const store = env.DATABASE_URL
  ? { connectionString: env.DATABASE_URL }
  : {
      dataDir:
        env.DEMO_DATA_DIR ??
        (env.SALESCHAT_API_TOKEN ? '.data/demo-crm' : await mkdtemp(join(tmpdir(), 'demo-crm-'))),
    };

const saleschat = createCrmSaleschatProxy(leads, { saleschat: backend.config, store });
await saleschat.ready();
for (const [agentId, scUserId] of backend.userIds) {
  await saleschat.store.linkUser(agentId, scUserId);
}

const app = express();
app.use('/api/saleschat', toExpressMiddleware(saleschat));
app.use('/api', crmApi(leads));
// The same kit through one script tag and custom elements, on a server-rendered page.
app.use(plainPage(leads));

const dist = fileURLToPath(new URL('../dist', import.meta.url));
if (existsSync(dist)) {
  app.use(express.static(dist));
  // Client-side routes (/leads/L-1001, /integrations) all load the app.
  app.get(/^\/(?!api\/).*/, (_req, res) => res.sendFile(join(dist, 'index.html')));
}

const server = app.listen(port, host, () => {
  const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;
  console.log(`Demo CRM ready: open ${url}`);
  console.log(`  talking to the ${backend.description}`);
  if (!existsSync(dist)) console.log('  (frontend not built: run `pnpm --filter demo-crm build`)');
});

async function shutdown() {
  server.close();
  server.closeAllConnections();
  await saleschat.close();
  await backend.close();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
