#!/usr/bin/env node
import { parseCliArgs } from './parseCliArgs';
import { startFakeSaleschatServer } from './startFakeSaleschatServer';

// Runs a fake Saleschat until interrupted: `fake-saleschat --port 4010`.
let options;
try {
  options = parseCliArgs(process.argv.slice(2), process.env);
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}

const server = await startFakeSaleschatServer({
  port: options.port,
  host: options.host,
  ...(options.token === undefined ? {} : { token: options.token }),
  ...(options.orgId === undefined ? {} : { orgId: options.orgId }),
});
// The URL only: the token is a secret even when it is a fake's.
console.log(`fake-saleschat listening on ${server.url}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
