// The import rate against a fake Saleschat at its real limit (10 requests/s per endpoint):
//   node --import tsx --conditions=@saleschat-kit/source packages/cli/bench/importRate.ts [rows]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeSaleschatServer } from '@saleschat-kit/fake-saleschat';
import { runCli } from '../src/runCli';

const rows = Number(process.argv[2] ?? 100);
const dir = mkdtempSync(join(tmpdir(), 'saleschat-kit-bench-'));
const server = await startFakeSaleschatServer({ token: 'bench-token', orgId: 'org_bench' });
try {
  const file = join(dir, 'agents.csv');
  writeFileSync(
    file,
    [
      'crm_user_id,email,first_name,last_name',
      ...Array.from({ length: rows }, (_, i) => `crm-${i},agent${i}@example.com,Agent,${i}`),
    ].join('\n'),
  );
  let stdout = '';
  const code = await runCli(['users', 'import', file, '--json'], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: process.stderr,
    env: {
      SALESCHAT_API_TOKEN: 'bench-token',
      SALESCHAT_ORG_ID: 'org_bench',
      SALESCHAT_BASE_URL: server.url,
      SALESCHAT_DATA_DIR: join(dir, 'store'),
    },
    cwd: dir,
  });
  const summary = stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .find((line) => line.event === 'summary');
  const creates = server.fake.requests.filter((request) => request.endpoint === 'createUser');
  const times = creates.map((request) => request.at);
  const busiestSecond = Math.max(
    ...times.map((at) => times.filter((other) => other >= at && other < at + 1000).length),
  );
  const span = ((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1000;
  console.log(
    JSON.stringify({
      exitCode: code,
      rows,
      created: summary?.created,
      elapsedMs: summary?.elapsedMs,
      rowsPerSecond: summary?.rowsPerSecond,
      createsPerSecondFirstToLast: Number(((times.length - 1) / span).toFixed(2)),
      busiestSecond,
      answered429: server.fake.requests.filter((request) => request.status === 429).length,
    }),
  );
} finally {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
