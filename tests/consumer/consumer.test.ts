import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script of the repository, without types.
import { ensureRuntime, RUNTIMES } from '../../scripts/nodeRuntimes.mjs';

import { freePort, waitForOutput } from '../support/startProcess';
import { prepareConsumerApp } from './prepareConsumerApp';

let app = '';
let removeApp = () => {};
// In the file, not in a global setup, so that the other projects' tests run meanwhile.
beforeAll(() => {
  ({ dir: app, remove: removeApp } = prepareConsumerApp());
}, 900_000);
afterAll(() => removeApp());
const bin = (name: string) => join(app, 'node_modules/.bin', name);
const PACKAGES = [
  'cli',
  'core',
  'elements',
  'fake-saleschat',
  'proxy',
  'react',
  'saleschat-client',
  'ui',
];

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(command, args, {
    cwd: app,
    encoding: 'utf8',
    timeout: 300_000,
    env: { ...process.env, ...env },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

it("type-checks strictly (the tarballs' .d.ts files included: skipLibCheck off)", () => {
  const tsc = run(bin('tsc'), ['-p', 'tsconfig.json']);
  expect(tsc.output).toBe('');
  expect(tsc.status).toBe(0);
});

it('resolves the main entries with moduleResolution "node" too', () => {
  const tsc = run(bin('tsc'), ['-p', 'tsconfig.node10.json']);
  expect(tsc.output).toBe('');
  expect(tsc.status).toBe(0);
});

it('builds with Vite', () => {
  const build = run(bin('vite'), ['build', '--logLevel', 'error']);
  expect(build.status, build.output).toBe(0);
  expect(existsSync(join(app, 'dist/index.html'))).toBe(true);
});

it('require()s every package from a CommonJS file on this Node', () => {
  const required = run(process.execPath, ['require-check.cjs']);
  expect(required.status, required.output).toBe(0);
  expect(required.output.match(/: ok$/gm)).toHaveLength(9);
});

it('ships the licence and where the code lives in every package', () => {
  const licence = readFileSync(fileURLToPath(new URL('../../LICENSE', import.meta.url)), 'utf8');
  // The Node versions npm test covers, as the workspace root states them.
  const tested = JSON.parse(
    readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8'),
  ).engines.node;
  for (const name of PACKAGES) {
    const dir = join(app, 'node_modules/@saleschat-kit', name);
    expect(readFileSync(join(dir, 'LICENSE'), 'utf8'), name).toBe(licence);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(manifest.repository?.directory, name).toBe(`packages/${name}`);
    expect(manifest.homepage, name).toMatch(/^https:\/\//);
    expect(manifest.engines?.node, name).toBe(tested);
    expect(manifest.keywords?.length, name).toBeGreaterThan(0);
  }
});

/** Starts a command and resolves with its output once `ready` matches it. */
function start(command: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp) {
  const child = spawn(command, args, { cwd: app, env: { ...process.env, ...env } });
  const match = waitForOutput(
    child,
    String(args[0]),
    30_000,
    (output) => ready.exec(output) ?? undefined,
  );
  return { child, match };
}

describe('in Chromium, against the proxy from the tarball and the fake Saleschat', () => {
  const children: ChildProcess[] = [];
  let browser: Browser;
  let page: Page;
  let appUrl: string;

  beforeAll(async () => {
    // The embedded store needs node:sqlite (Node >= 22.13) or better-sqlite3, a native build;
    // the newest tested runtime keeps this test free of compiling one.
    const node = ensureRuntime(RUNTIMES.at(-1));
    const token = 'consumer-fake-token';
    const fake = start(
      bin('fake-saleschat'),
      ['--port', '0', '--token', token, '--org', 'consumer-org'],
      {},
      /listening on (\S+)/,
    );
    children.push(fake.child);
    const fakeUrl = (await fake.match)[1] as string;
    const saleschatEnv = {
      SALESCHAT_BASE_URL: fakeUrl,
      SALESCHAT_API_TOKEN: token,
      SALESCHAT_ORG_ID: 'consumer-org',
    };

    const created = await fetch(`${fakeUrl}/__admin/users`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        email: 'ada@consumer.example',
        firstName: 'Ada',
        lastName: 'Lovelace',
      }),
    });
    const { userId } = (await created.json()) as { userId: string };
    const cli = join(app, 'node_modules/@saleschat-kit/cli/dist/bin.js');
    const link = run(node, [cli, 'users', 'link', 'crm-ada', userId], saleschatEnv);
    expect(link.status, link.output).toBe(0);

    const port = await freePort();
    const server = start(
      node,
      ['server.ts'],
      { ...saleschatEnv, PORT: String(port) },
      /Consumer CRM ready/,
    );
    children.push(server.child);
    await server.match;
    appUrl = `http://127.0.0.1:${port}`;

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    const context = await browser.newContext();
    await context.addCookies([{ name: 'crm_user', value: 'crm-ada', url: appUrl }]);
    page = await context.newPage();
    await page.goto(appUrl);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(
      children.map((child) => {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        return exited;
      }),
    );
  });

  it('Login opens the dashboard as the linked user', async () => {
    const [tab] = await Promise.all([
      page.context().waitForEvent('page'),
      page.getByRole('button', { name: 'Open Saleschat' }).click(),
    ]);
    await tab.waitForURL(/\/dashboard$/);
    await tab.getByText('Logged in as Ada Lovelace').waitFor();
  });

  it('Chat creates and assigns the contact, and says so in a toast', async () => {
    await page.getByRole('button', { name: 'Chat with Amara Okafor' }).click();
    await page
      .getByRole('region', { name: /Saleschat notifications/ })
      .getByText('Chat with Amara Okafor ready — contact created, assigned to you')
      .waitFor();
  });
});
