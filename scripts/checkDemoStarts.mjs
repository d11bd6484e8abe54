// The demo's start-up on a given Node.js: its backend started by its own start script
// (`pnpm --filter demo-crm start`, against the fake Saleschat), a page and a login through the
// kit's proxy and its store, then a Ctrl-C that must end every process of it within seconds.
// The browser tests stay with the machine's Node (the e2e project); this checks the server side.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// As long as the e2e project gives it: tsx compiles the server on start, slow on a busy machine.
const START_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 10_000;

/** A port the OS says is free right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(),
      );
    });
  });
}

/** The pids of `group`'s processes, from /proc (a zombie's command line is empty: left out). */
function processesOfGroup(group) {
  const pids = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The command name in parentheses may hold spaces: the fields after it are fixed.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (pgrp === group && readFileSync(`/proc/${name}/cmdline`, 'utf8') !== '') {
        pids.push(Number(name));
      }
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/**
 * Starts the demo backend with `node` (and every `node` its scripts start, through PATH), checks
 * that it answers and that it stops cleanly; throws an Error saying which step failed.
 */
export async function checkDemoStarts(node) {
  const dataDir = mkdtempSync(join(tmpdir(), 'saleschat-kit-demo-check-'));
  // Always the fake Saleschat, on free loopback ports, with a store of its own.
  const {
    SALESCHAT_API_TOKEN: _token,
    SALESCHAT_ORG_ID: _org,
    DATABASE_URL: _database,
    ...inherited
  } = process.env;
  const env = {
    ...inherited,
    PATH: `${dirname(node)}:${process.env.PATH}`,
    DEMO_HOST: '127.0.0.1',
    DEMO_PORT: String(await freePort()),
    FAKE_SALESCHAT_HOST: '127.0.0.1',
    FAKE_SALESCHAT_PORT: String(await freePort()),
    DEMO_DATA_DIR: dataDir,
  };
  const child = spawn(node, ['scripts/pnpm.mjs', '--filter', 'demo-crm', 'start'], {
    cwd: root,
    env,
    detached: true, // a process group of its own, as a terminal gives it
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const group = child.pid;
  let output = '';
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  const fail = (step) =>
    new Error(
      `demo on ${node}: ${step}\n--- its output ---\n${output.split('\n').slice(-30).join('\n')}`,
    );
  try {
    const url = await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(fail(`did not start in ${START_TIMEOUT_MS / 1000} s`)),
        START_TIMEOUT_MS,
      );
      const read = (chunk) => {
        output += chunk.toString();
        const ready = /Demo CRM ready: open (\S+)/.exec(output)?.[1];
        if (ready && /fake Saleschat at \S+/.test(output)) {
          clearTimeout(timer);
          resolve(ready);
        }
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      exited.then((how) => reject(fail(`exited (${how}) before it was ready`)));
    });

    // The start script must really have run the server on this Node, not on the machine's:
    // every node process of the demo (tsx, and the server tsx starts) runs `node`.
    const binaries = new Set(
      processesOfGroup(group)
        .map((pid) => readlinkSync(`/proc/${pid}/exe`))
        .filter((binary) => basename(binary) === 'node'),
    );
    if (binaries.size !== 1 || !binaries.has(node)) {
      throw fail(`its node processes run ${[...binaries].join(', ') || 'nothing'}, not ${node}`);
    }

    const session = await fetch(`${url}/api/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ agentId: 'agent-ada' }),
    });
    const cookie = session.headers.getSetCookie()[0]?.split(';')[0];
    if (session.status !== 200 || !cookie) throw fail(`sign-in answered ${session.status}`);
    // A login goes through the proxy, its store and the fake Saleschat.
    const login = await fetch(`${url}/api/saleschat/login`, {
      method: 'POST',
      headers: { Cookie: cookie, 'X-Saleschat-Kit': '1' },
    });
    if (login.status !== 200) throw fail(`POST /api/saleschat/login answered ${login.status}`);

    // Ctrl-C in a terminal signals the whole foreground group.
    process.kill(-group, 'SIGINT');
    const deadline = Date.now() + STOP_TIMEOUT_MS;
    while (processesOfGroup(group).length > 0) {
      if (Date.now() > deadline)
        throw fail(`still running ${STOP_TIMEOUT_MS / 1000} s after Ctrl-C`);
      await sleep(100);
    }
    const how = await exited;
    if (how !== 0 && how !== 'SIGINT') throw fail(`ended with ${how} after Ctrl-C`);
  } finally {
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // Already gone, as it should be.
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}
