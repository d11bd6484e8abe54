import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startFakeSaleschatServer,
  type FakeSaleschatServer,
  type Fault,
} from '@saleschat-kit/fake-saleschat';
import { createEmbeddedStore } from '@saleschat-kit/proxy';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { captureIo } from '../../test/captureIo';
import { tempStoreDir } from '../../test/tempStoreDir';
import { runCli } from '../runCli';

const TOKEN = 'cli-import-token-7f3a9c2e51';
const ORG_ID = 'org_cli';
const HEADER = 'crm_user_id,email,first_name,last_name,password';

let files: string;
let server: FakeSaleschatServer;
let store: { dir: string; remove: () => void };

function csv(name: string, lines: string[]): string {
  const path = join(files, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

function userLines(count: number, prefix = 'crm'): string[] {
  return Array.from(
    { length: count },
    (_, index) => `${prefix}-${index},${prefix}${index}@example.com,First${index},Last${index},`,
  );
}

function env(extra: Record<string, string> = {}) {
  return {
    SALESCHAT_API_TOKEN: TOKEN,
    SALESCHAT_ORG_ID: ORG_ID,
    SALESCHAT_BASE_URL: server.url,
    SALESCHAT_DATA_DIR: store.dir,
    ...extra,
  };
}

async function run(args: string[], extraEnv: Record<string, string> = {}) {
  const io = captureIo(env(extraEnv));
  const code = await runCli(args, io);
  const output = io.stdout.text + io.stderr.text;
  // Whatever happened, the token is not in the output.
  expect(output).not.toContain(TOKEN);
  return { code, stdout: io.stdout.text, stderr: io.stderr.text, output };
}

/** The summary line of a `--json` run. */
function summaryOf(stdout: string): Record<string, unknown> {
  const lines = stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return lines.find((line) => line.event === 'summary') ?? {};
}

/** CRM user id → Saleschat user id, as the store holds it. */
async function links(): Promise<Map<string, string | null>> {
  const opened = createEmbeddedStore({ dataDir: store.dir });
  try {
    return new Map((await opened.listUsers()).map((user) => [user.crmUserId, user.scUserId]));
  } finally {
    await opened.close();
  }
}

const FAST = ['--retry-delay-ms', '5', '--timeout-ms', '300', '--concurrency', '20'];

describe('saleschat-kit users import', { timeout: 90_000 }, () => {
  beforeAll(async () => {
    files = mkdtempSync(join(tmpdir(), 'saleschat-kit-cli-files-'));
    // Raised limits: these tests are about correctness; the pace has its own test below.
    server = await startFakeSaleschatServer({
      token: TOKEN,
      orgId: ORG_ID,
      limits: { perEndpointPerSecond: 100_000 },
    });
  });

  afterAll(async () => {
    await server?.close();
    rmSync(files, { recursive: true, force: true });
  });

  beforeEach(async () => {
    server.fake.reset();
    store = await tempStoreDir();
  });

  afterEach(() => store.remove());

  it('imports 1,000 rows through injected 5xx, 429, timeouts and dropped connections: every row created once and linked to its own user', async () => {
    const file = csv('thousand.csv', [HEADER, ...userLines(1000)]);
    const faults: Fault[] = [
      { status: 503, times: 2 },
      { status: 429, times: 2 },
      { timeout: true, times: 1 },
      { status: 500, times: 1 },
      { drop: true, times: 1 },
      { status: 502, times: 1 },
    ];
    // A fault for the next request or two after every 25 creates: the run meets each kind many
    // times, and most requests still get through.
    let next = 0;
    let injectedAt = 0;
    const injector = setInterval(() => {
      const sent = server.fake.countRequests('createUser');
      if (sent - injectedAt < 25) return;
      injectedAt = sent;
      server.fake.setFault('createUser', faults[next++ % faults.length] as Fault);
    }, 5);

    let result;
    try {
      result = await run([
        'users',
        'import',
        file,
        '--json',
        '--rate',
        '5000',
        '--max-attempts',
        '12',
        '--retry-delay-ms',
        '5',
        '--concurrency',
        '20',
        // Long enough that only the injected timeouts time out on a busy test machine (1.5 s
        // was not, with the server-side suites running on three Node versions at once).
        '--timeout-ms',
        '4000',
      ]);
    } finally {
      clearInterval(injector);
    }

    expect(result.code).toBe(0);
    expect(summaryOf(result.stdout)).toMatchObject({
      total: 1000,
      created: 1000,
      failed: 0,
      createdIdUnknown: 0,
      interrupted: false,
    });
    // The faults did happen…
    const creates = server.fake.requests.filter((request) => request.endpoint === 'createUser');
    const statuses = new Map<number, number>();
    for (const request of creates)
      statuses.set(request.status, (statuses.get(request.status) ?? 0) + 1);
    for (const status of [0, 429, 500, 502, 503])
      expect(statuses.get(status) ?? 0).toBeGreaterThan(0);
    // …and no user was created twice: one successful create per row, one user per row.
    expect(statuses.get(200)).toBe(1000);
    expect(statuses.get(409) ?? 0).toBe(0);
    expect(server.fake.users.size).toBe(1000);
    const stored = await links();
    const users = server.fake.users;
    for (let index = 0; index < 1000; index++) {
      const scUserId = stored.get(`crm-${index}`);
      expect(users.get(scUserId ?? '')?.email).toBe(`crm${index}@example.com`);
    }

    // A re-run creates nothing.
    server.fake.clearFaults();
    server.fake.clearRequests();
    const again = await run(['users', 'import', file, '--json', ...FAST]);
    expect(again.code).toBe(0);
    expect(summaryOf(again.stdout)).toMatchObject({ alreadyLinked: 1000, created: 0 });
    expect(server.fake.countRequests('createUser')).toBe(0);
  });

  it('reports a create that timed out after Saleschat made the user as "created earlier, id unknown", without a second user, and resumes once it is linked by hand', async () => {
    const file = csv('lost.csv', [HEADER, ...userLines(3)]);
    // The first create is answered after the CLI gave up; the fake creates the user anyway.
    server.fake.setFault('createUser', { latencyMs: 1500, times: 1 });

    const result = await run([
      'users',
      'import',
      file,
      '--concurrency',
      '1',
      '--timeout-ms',
      '300',
      '--retry-delay-ms',
      '200',
    ]);

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/line 2 {2}crm-0 {2}FAILED: created earlier, id unknown/);
    expect(result.stdout).toMatch(/saleschat-kit users link <crm_user_id> <sc_user_id>/);
    expect(result.stdout).toMatch(/2 created .*1 failed/);
    expect(server.fake.users.size).toBe(3);
    const statuses = server.fake.requests
      .filter((request) => request.endpoint === 'createUser')
      .map((request) => request.status);
    expect(statuses).toEqual([200, 409, 200, 200]);
    expect((await links()).get('crm-0')).toBeUndefined();

    // The operator finds the id in Saleschat and links it; the re-run is then clean.
    const lost = [...server.fake.users.values()].find((user) => user.email === 'crm0@example.com');
    const link = await run(['users', 'link', 'crm-0', lost?.id ?? '']);
    expect(link.code).toBe(0);
    server.fake.clearRequests();
    const again = await run(['users', 'import', file]);
    expect(again.code).toBe(0);
    expect(server.fake.countRequests('createUser')).toBe(0);
  });

  it('reports a user Saleschat created but did not add to the org, links it, and exits 1', async () => {
    const file = csv('org.csv', [HEADER, ...userLines(2)]);
    server.fake.setFault('createUser', { notAddedToOrg: true, times: 1 });

    const result = await run(['users', 'import', file, '--concurrency', '1']);

    expect(result.code).toBe(1);
    const [outside] = [...server.fake.usersOutsideOrg.keys()];
    expect(result.stdout).toContain(`crm-0  created, NOT IN ORG  sc_user_id=${outside}`);
    expect(result.stdout).toMatch(/add them by hand in Saleschat/);
    expect(result.stdout).toMatch(/crm-1 {2}created {2}sc_user_id=/);
    expect((await links()).get('crm-0')).toBe(outside);
  });

  it("fails a row whose email Saleschat already has, with Saleschat's code, and carries on", async () => {
    server.fake.seedUser({ email: 'crm1@example.com', firstName: 'Old', lastName: 'User' });
    const file = csv('taken.csv', [HEADER, ...userLines(3)]);

    const result = await run(['users', 'import', file, '--json']);

    expect(result.code).toBe(1);
    const rows = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.event === 'row');
    expect(rows.find((row) => row.crmUserId === 'crm-1')).toMatchObject({
      status: 'failed',
      line: 3,
      saleschat: { code: 4090001, message: 'UQ_CONSTRAINT_FAILED' },
      message: expect.stringMatching(/users link/),
    });
    expect(rows.filter((row) => row.status === 'created')).toHaveLength(2);
  });

  it('sends the password given in the file, and a generated one otherwise, and prints neither', async () => {
    const file = csv('passwords.csv', [
      HEADER,
      'crm-a,a@example.com,Ann,Lee,Given-Passw0rd',
      'crm-b,b@example.com,Bo,Diaz,',
    ]);

    const result = await run(['users', 'import', file, '--verbose']);

    expect(result.code).toBe(0);
    const sent = server.fake.requests
      .filter((request) => request.endpoint === 'createUser')
      .map((request) => request.body as { email: string; password: string });
    const given = sent.find((body) => body.email === 'a@example.com');
    const generated = sent.find((body) => body.email === 'b@example.com');
    expect(given?.password).toBe('Given-Passw0rd');
    expect(generated?.password).toMatch(/^.{24}$/);
    expect(result.output).not.toContain('Given-Passw0rd');
    expect(result.output).not.toContain(generated?.password);
  });

  it('shows what would happen with --dry-run, without a token, a call or a link', async () => {
    const file = csv('dry.csv', [HEADER, ...userLines(3)]);
    const opened = createEmbeddedStore({ dataDir: store.dir });
    await opened.linkUser('crm-1', 'sc-existing');
    await opened.close();

    const io = captureIo({ SALESCHAT_DATA_DIR: store.dir });
    const code = await runCli(['users', 'import', file, '--dry-run'], io);

    expect(code).toBe(0);
    expect(io.stdout.text).toMatch(/line 2 {2}crm-0 {2}would create/);
    expect(io.stdout.text).toMatch(/line 3 {2}crm-1 {2}already linked {2}sc_user_id=sc-existing/);
    expect(io.stdout.text).toMatch(/Dry run: 2 would be created, 1 already linked/);
    expect(server.fake.requests).toHaveLength(0);
    expect([...(await links()).keys()]).toEqual(['crm-1']);
  });

  it('refuses to start when Saleschat refuses the token, before any create, without printing the token', async () => {
    const file = csv('token.csv', [HEADER, ...userLines(2)]);

    const result = await run(['users', 'import', file], {
      SALESCHAT_API_TOKEN: 'a-wrong-token-4c1d9e',
    });

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Saleschat refused the token or the organisation \(4010001/);
    expect(result.stderr).toMatch(/Fix: check SALESCHAT_API_TOKEN/);
    expect(result.output).not.toContain('a-wrong-token-4c1d9e');
    expect(server.fake.countRequests('createUser')).toBe(0);
  });

  it('says which settings are missing, and exits 2', async () => {
    const file = csv('config.csv', [HEADER, ...userLines(1)]);
    const io = captureIo({ SALESCHAT_DATA_DIR: store.dir });

    const code = await runCli(['users', 'import', file], io);

    expect(code).toBe(2);
    expect(io.stderr.text).toMatch(/No Saleschat token\. Fix: set SALESCHAT_API_TOKEN/);
    expect(io.stderr.text).toMatch(/No Saleschat organisation\. Fix: set SALESCHAT_ORG_ID/);
    expect(server.fake.requests).toHaveLength(0);
  });
});

describe('saleschat-kit users import: malformed files', () => {
  beforeAll(async () => {
    files = mkdtempSync(join(tmpdir(), 'saleschat-kit-cli-files-'));
    server = await startFakeSaleschatServer({ token: TOKEN, orgId: ORG_ID });
    store = { dir: join(files, 'never-opened'), remove: () => undefined };
  });

  afterAll(async () => {
    await server?.close();
    rmSync(files, { recursive: true, force: true });
  });

  it.each([
    {
      kind: 'bad CSV quoting',
      name: 'quoting.csv',
      text: `${HEADER}\ncrm-1,a@example.com,"Ann"e,Lee,\ncrm-2,b@example.com,Bo,Di"az,\ncrm-3,c@example.com,"Cy,Lee,\n`,
      expected: [
        /quoting\.csv:2: text follows a closing quote/,
        /quoting\.csv:3: a quote inside an unquoted field/,
        /quoting\.csv:4: a quoted field starts here and is never closed/,
      ],
    },
    {
      kind: 'missing columns',
      name: 'columns.csv',
      text: 'crm_user_id,email,first_name\ncrm-1,a@example.com,Ann\n',
      expected: [/columns\.csv:1: the header lacks the column last_name/],
    },
    {
      kind: 'a row with too few fields',
      name: 'fields.csv',
      text: `${HEADER}\ncrm-1,a@example.com,Ann,Lee,\ncrm-2,b@example.com,Bo\n`,
      expected: [/fields\.csv:3: 3 fields, but the header has 5/],
    },
    {
      kind: 'bad emails',
      name: 'emails.csv',
      text: `${HEADER}\ncrm-1,ann.example.com,Ann,Lee,\ncrm-2,bo@,Bo,Diaz,\n`,
      expected: [
        /emails\.csv:2: email "ann\.example\.com" is not an email address/,
        /emails\.csv:3: email "bo@"/,
      ],
    },
    {
      kind: 'names and passwords over the limits',
      name: 'limits.csv',
      text: `${HEADER}\ncrm-1,a@example.com,${'A'.repeat(41)},Lee,\ncrm-2,b@example.com,Bo,Diaz,short\n`,
      expected: [
        /limits\.csv:2: first_name is 41 characters; Saleschat takes at most 40/,
        /limits\.csv:3: password is 5 characters; Saleschat takes 8 to 32/,
      ],
    },
    {
      kind: 'duplicate CRM ids',
      name: 'duplicates.csv',
      text: `${HEADER}\ncrm-1,a@example.com,Ann,Lee,\ncrm-2,b@example.com,Bo,Diaz,\ncrm-1,c@example.com,Cy,Lee,\n`,
      expected: [/duplicates\.csv:4: crm_user_id "crm-1" is also on line 2/],
    },
    {
      kind: 'a JSON row without a column',
      name: 'rows.json',
      text: '[\n  {"crm_user_id": "1", "email": "a@example.com", "first_name": "A", "last_name": "B"},\n  {"crm_user_id": "2", "email": "b@example.com", "first_name": "B"}\n]\n',
      expected: [/rows\.json:3:3: last_name is missing/],
    },
    {
      kind: 'broken JSON',
      name: 'broken.json',
      text: '[\n  {"crm_user_id": "1", "password": "Secret-123"},\n  {"crm_user_id": }\n]\n',
      expected: [/broken\.json:3:19: not valid JSON: expected a JSON value/],
    },
  ])(
    'refuses $kind with line-numbered messages and sends nothing',
    async ({ name, text, expected }) => {
      const path = join(files, name);
      writeFileSync(path, text);
      server.fake.clearRequests();
      const io = captureIo(env());

      const code = await runCli(['users', 'import', path], io);

      expect(code).toBe(2);
      for (const pattern of expected) expect(io.stderr.text).toMatch(pattern);
      expect(io.stderr.text).toMatch(/nothing was sent to Saleschat/);
      expect(io.stderr.text).not.toContain('Secret-123');
      expect(server.fake.requests).toHaveLength(0);
    },
  );

  it('lists every problem as JSON with --json', async () => {
    const path = join(files, 'json-problems.csv');
    writeFileSync(path, `${HEADER}\ncrm-1,bad,Ann,Lee,\ncrm-1,b@example.com,Bo,Diaz,\n`);
    const io = captureIo(env());

    const code = await runCli(['users', 'import', path, '--json'], io);

    expect(code).toBe(2);
    expect(JSON.parse(io.stdout.text)).toEqual({
      event: 'invalid',
      file: path,
      problems: [
        { line: 2, message: 'email "bad" is not an email address.' },
        { line: 3, message: 'crm_user_id "crm-1" is also on line 2.' },
      ],
    });
  });
});

describe('saleschat-kit users import: pace', { timeout: 30_000 }, () => {
  beforeAll(async () => {
    files = mkdtempSync(join(tmpdir(), 'saleschat-kit-cli-files-'));
    // Saleschat's own limit: 10 requests per second per endpoint.
    server = await startFakeSaleschatServer({ token: TOKEN, orgId: ORG_ID });
    store = await tempStoreDir();
  });

  afterAll(async () => {
    await server?.close();
    store?.remove();
    rmSync(files, { recursive: true, force: true });
  });

  it('stays under 10 creates per second, at about 9.5 rows/s, without a single 429', async () => {
    const file = csv('pace.csv', [HEADER, ...userLines(40)]);

    const result = await run(['users', 'import', file, '--json']);

    expect(result.code).toBe(0);
    const summary = summaryOf(result.stdout);
    expect(summary).toMatchObject({ created: 40 });
    const rate = summary.rowsPerSecond as number;
    expect(rate).toBeGreaterThan(8.5);
    expect(rate).toBeLessThanOrEqual(10);
    for (const endpoint of ['createUser', 'magicLink'] as const) {
      const times = server.fake.requests
        .filter((request) => request.endpoint === endpoint)
        .map((request) => request.at);
      expect(server.fake.requests.filter((request) => request.status === 429)).toEqual([]);
      // No window of 1 s holds more than 10 requests of one endpoint.
      for (const [index, at] of times.entries()) {
        expect(
          times.filter((other) => other >= at && other < at + 1000).length,
          `from request ${index}`,
        ).toBeLessThanOrEqual(10);
      }
    }
  });
});
