import { spawn, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The wire contract's types by path: the root type-check resolves no workspace package by name.
import type { ChatResponse, ErrorBody, LoginResponse } from '../../packages/core/src/contract';
import { stopProcessGroup, waitForOutput } from '../support/startProcess';
import { SESSION_COOKIE, type HostCrmData } from './quickStartHost';
import { readmeCodeBlocks } from './readmeCodeBlocks';
import { kitPackages, MODULE_DIRS, root } from './snippetPackages';

/**
 * The root README's server quick start, as written, in a process of its own: pasted into a small
 * Express host (quickStartHost.ts supplies what the README leaves to the host), pointed at the
 * fake Saleschat running as its own process, with the agent linked by the `saleschat-kit` CLI as
 * the README says, then driven over HTTP the way the kit's browser client calls it.
 */
const TOKEN = 'quick-start-token-4c1d9e';
const ORG_ID = 'org_quick_start';
const PHONE = '+919876501234';
const SESSION = 'session-of-agent-1';
const HOST_CRM: HostCrmData = {
  sessions: { [SESSION]: 'agent-1', 'session-of-agent-2': 'agent-2' },
  leads: [
    {
      id: 'lead-7',
      firstName: 'Meera',
      lastName: 'Iyer',
      phone: PHONE,
      optInDate: '2026-02-01T09:30:00.000Z',
      owner: 'agent-1',
    },
    {
      id: 'lead-8',
      firstName: 'Ravi',
      lastName: 'Das',
      phone: '+919876509999',
      optInDate: null,
      owner: 'agent-2',
    },
  ],
};
const SALESCHAT_ENV = {
  SALESCHAT_API_TOKEN: TOKEN,
  SALESCHAT_ORG_ID: ORG_ID,
};

/** The README's server block: the Quick start's TypeScript block that mounts the proxy. */
function serverQuickStart(): string {
  const blocks = readmeCodeBlocks(readFileSync(join(root, 'README.md'), 'utf8')).filter(
    (block) =>
      block.section === 'Quick start' &&
      block.language === 'ts' &&
      block.code.includes("from '@saleschat-kit/proxy'"),
  );
  if (blocks.length !== 1) {
    throw new Error(
      `README.md's Quick start should have one \`\`\`ts block importing @saleschat-kit/proxy, not ${blocks.length}`,
    );
  }
  return (blocks[0] as { code: string }).code;
}

/** Links `node_modules/<name>` in `dir` to the workspace's copy, as a host's install would hold it. */
function install(dir: string, name: string): void {
  const target =
    kitPackages().find((pkg) => pkg.name === name)?.dir ??
    MODULE_DIRS.map((at) => join(at, name)).find((at) => existsSync(at));
  if (!target) throw new Error(`The quick start imports ${name}, which no workspace package has`);
  const link = join(dir, 'node_modules', name);
  if (existsSync(link)) return;
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(target, link, 'dir');
}

/** The package a bare import names (`@scope/name/sub` → `@scope/name`); undefined for `node:`. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('node:') || specifier.startsWith('.')) return undefined;
  return specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
}

function startNode(args: string[], cwd: string, env: NodeJS.ProcessEnv): ChildProcess {
  // Only what the test gives: never a developer's real Saleschat settings.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('SALESCHAT_')),
  );
  return spawn(
    process.execPath,
    ['--conditions=@saleschat-kit/source', '--import', 'tsx', ...args],
    {
      cwd,
      env: { ...inherited, ...env },
      detached: true, // its own process group, stopped whole by stopProcessGroup
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

let hostDir: string;
let fake: ChildProcess | undefined;
let fakeUrl: string;
let quickStart: ChildProcess | undefined;
let quickStartOutput = '';
let hostOrigin: string;

/** A call as the kit's browser client makes it from a page of the host, with the agent's cookie. */
function callProxy(route: string, cookie: string | null, body?: unknown): Promise<Response> {
  return fetch(`${hostOrigin}/api/saleschat${route}`, {
    method: 'POST',
    headers: {
      Origin: hostOrigin,
      'Sec-Fetch-Site': 'same-origin',
      'X-Saleschat-Kit': '1',
      'Content-Type': 'application/json',
      ...(cookie ? { Cookie: `theme=dark; ${SESSION_COOKIE}=${cookie}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe("the root README's server quick start", { timeout: 30_000 }, () => {
  beforeAll(async () => {
    hostDir = mkdtempSync(join(tmpdir(), 'readme-quick-start-'));
    const code = serverQuickStart();
    const imports = [...code.matchAll(/from\s+'([^']+)'/g)].map(([, specifier]) => specifier);
    for (const name of new Set([
      ...imports.map((each) => packageOf(each ?? '')),
      'express',
      'tsx',
    ])) {
      if (name) install(hostDir, name);
    }
    writeFileSync(join(hostDir, 'package.json'), JSON.stringify({ type: 'module' }));
    writeFileSync(join(hostDir, 'serverQuickStart.ts'), code);
    const hostModule = pathToFileURL(join(root, 'tests/readme-snippets/quickStartHost.ts')).href;
    writeFileSync(
      join(hostDir, 'main.ts'),
      [
        "import express from 'express';",
        `import { installHostCrm, listen } from '${hostModule}';`,
        'const app = express();',
        'installHostCrm(app);',
        "await import('./serverQuickStart.ts');",
        'listen(app);',
      ].join('\n'),
    );

    fake = startNode(
      [
        join(root, 'packages/fake-saleschat/src/cli.ts'),
        '--port',
        '0',
        '--token',
        TOKEN,
        '--org',
        ORG_ID,
      ],
      root,
      {},
    );
    fakeUrl = await waitForOutput(
      fake,
      'fake Saleschat',
      30_000,
      (output) => /listening on (\S+)/.exec(output)?.[1],
    );
    const seeded = await fetch(`${fakeUrl}/__admin/users`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'agent1@example.com', firstName: 'Agent', lastName: 'One' }),
    });
    const { userId } = (await seeded.json()) as { userId: string };

    // CRM users are linked once with the CLI, beside the quick start (its default store folder).
    const link = startNode(
      [join(root, 'packages/cli/src/bin.ts'), 'users', 'link', 'agent-1', userId],
      hostDir,
      { ...SALESCHAT_ENV, SALESCHAT_BASE_URL: fakeUrl },
    );
    let linkOutput = '';
    link.stdout?.on('data', (chunk: Buffer) => (linkOutput += chunk.toString()));
    link.stderr?.on('data', (chunk: Buffer) => (linkOutput += chunk.toString()));
    const linked = await new Promise<number | null>((resolve) => link.on('close', resolve));
    expect(linked, linkOutput).toBe(0);

    quickStart = startNode(['main.ts'], hostDir, {
      ...SALESCHAT_ENV,
      SALESCHAT_BASE_URL: fakeUrl,
      HOST_CRM: JSON.stringify(HOST_CRM),
    });
    quickStart.stdout?.on('data', (chunk: Buffer) => (quickStartOutput += chunk.toString()));
    quickStart.stderr?.on('data', (chunk: Buffer) => (quickStartOutput += chunk.toString()));
    hostOrigin = await waitForOutput(
      quickStart,
      'the quick start',
      30_000,
      (output) => /host CRM listening on (\S+)/.exec(output)?.[1],
    );
  }, 60_000);

  afterAll(async () => {
    await stopProcessGroup(quickStart);
    await stopProcessGroup(fake);
    if (hostDir) rmSync(hostDir, { recursive: true, force: true });
  });

  it('answers a Login with a magic link into the agent’s Saleschat dashboard', async () => {
    const response = await callProxy('/login', SESSION);
    const login = (await response.json()) as LoginResponse;
    expect([response.status, Object.keys(login).sort()]).toEqual([200, ['expiresAt', 'url']]);
    expect(login.url.startsWith(`${fakeUrl}/magic/`)).toBe(true);
    expect(Date.parse(login.expiresAt)).toBeGreaterThan(Date.now());
    // The link opens a dashboard session (a cookie) for the linked Saleschat user.
    const opened = await fetch(login.url, { redirect: 'manual' });
    const cookie = (opened.headers.get('Set-Cookie') ?? '').split(';')[0] as string;
    const dashboard = await fetch(new URL(opened.headers.get('Location') ?? '', fakeUrl), {
      headers: { Cookie: cookie },
    });
    expect(await dashboard.text()).toContain('Logged in as Agent One');
  });

  it('answers a Chat with the lead’s chatroom, assigned to the agent', async () => {
    const response = await callProxy('/chat', SESSION, { crmCustomerId: 'lead-7' });
    const chat = (await response.json()) as ChatResponse;
    expect(response.status).toBe(200);
    expect(chat).toEqual({
      contactId: expect.any(String),
      chatroomName: expect.stringContaining('Meera'),
      contact: 'created',
      assignment: 'assigned',
    });
    const contacts = (await (await fetch(`${fakeUrl}/__admin/contacts`)).json()) as object[];
    expect(contacts).toContainEqual({ id: chat.contactId, crmId: 'lead-7' });
  });

  it('answers what its authenticate and resolveLead refuse with the documented error body', async () => {
    const refusals = [
      [await callProxy('/login', null), 401, 'UNAUTHENTICATED'],
      [await callProxy('/chat', SESSION, { crmCustomerId: 'lead-8' }), 403, 'FORBIDDEN'],
      [await callProxy('/chat', SESSION, { crmCustomerId: 'nobody' }), 404, 'LEAD_NOT_FOUND'],
    ] as const;
    for (const [response, status, code] of refusals) {
      const body = (await response.json()) as ErrorBody;
      expect([response.status, body.error.code, typeof body.error.requestId]).toEqual([
        status,
        code,
        'string',
      ]);
    }
  });

  it('logs each request without the token or the phone number', () => {
    expect(quickStartOutput).toContain('/chat');
    for (const secret of [TOKEN, PHONE, PHONE.slice(3)])
      expect(quickStartOutput).not.toContain(secret);
  });
});
