import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../tests/support/startProcess';

export interface Demo {
  /** Origin of the demo CRM (its API, and the kit's proxy under /api/saleschat). */
  url: string;
  /** The node process that runs apps/demo-crm/server/main.ts (the fake Saleschat runs in it too). */
  serverPid: number;
  /** The server process's resident set size now, in bytes (VmRSS of /proc/<pid>/status). */
  rssBytes(): number;
  /** The last lines the demo printed, for an error report. */
  output(): string;
  /** Stops the demo's whole process group; resolves once it exited. */
  stop(): Promise<void>;
}

/** Child pids by parent pid, from /proc. */
function childrenByParent(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The command name in parentheses may hold spaces: the fields after it are fixed.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(name)]);
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}

const commandLine = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
};

/**
 * The deepest descendant of `root` that runs the server's entry: pnpm starts `tsx
 * server/main.ts`, and tsx runs the file in a child node process of its own.
 */
function findServerPid(root: number): number | undefined {
  const children = childrenByParent();
  let found: number | undefined;
  const visit = (pid: number) => {
    if (commandLine(pid).includes('server/main.ts')) found = pid;
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(root);
  return found;
}

export function rssBytesOf(pid: number): number {
  const kilobytes = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (!kilobytes) throw new Error(`soak: no VmRSS for process ${pid}`);
  return Number(kilobytes) * 1024;
}

/**
 * Starts the demo backend as a user would (`pnpm --filter demo-crm start`) against the fake
 * Saleschat, on free loopback ports, in its own process group, on a fresh embedded store or,
 * given `databaseUrl`, on that (empty) PostgreSQL database. Needs the packages built (the demo's
 * server imports the kit's dist).
 */
export async function startDemo(databaseUrl?: string): Promise<Demo> {
  // Always the fake Saleschat, and the store asked for.
  const {
    SALESCHAT_API_TOKEN: _token,
    SALESCHAT_ORG_ID: _org,
    DATABASE_URL: _database,
    DEMO_DATA_DIR: _dataDir,
    ...inherited
  } = process.env;
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    DEMO_HOST: '127.0.0.1',
    DEMO_PORT: String(await freePort()),
    FAKE_SALESCHAT_HOST: '127.0.0.1',
    FAKE_SALESCHAT_PORT: String(await freePort()),
  };
  const child = spawn(process.execPath, ['scripts/pnpm.mjs', '--filter', 'demo-crm', 'start'], {
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const group = child.pid as number;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-group, signal);
    } catch {
      // Already gone.
    }
  };
  // A bench that dies half-way must not leave the demo running.
  const onExit = () => killGroup('SIGKILL');
  process.once('exit', onExit);

  let lines: string[] = [];
  const output = () => lines.join('\n');
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`soak: the demo did not start in 60 s:\n${output()}`)),
        60_000,
      );
      let started = '';
      let fake = false;
      const read = (chunk: Buffer) => {
        // The proxy logs a line per request: keep only the last ones.
        lines = [...lines, ...chunk.toString().split('\n')].slice(-40);
        started ||= /Demo CRM ready: open (\S+)/.exec(output())?.[1] ?? '';
        fake ||= /fake Saleschat at (\S+)/.test(output());
        if (started && fake) {
          clearTimeout(timer);
          resolve(started);
        }
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.once('exit', (code) =>
        reject(new Error(`soak: the demo exited (${code}):\n${output()}`)),
      );
    });
    const serverPid = findServerPid(group);
    if (!serverPid) throw new Error('soak: no process of the demo runs server/main.ts');
    return {
      url,
      serverPid,
      rssBytes: () => rssBytesOf(serverPid),
      output,
      async stop() {
        killGroup('SIGTERM');
        const timer = setTimeout(() => killGroup('SIGKILL'), 5_000);
        await exited;
        // pnpm may end before the server has closed its store: wait for the server too.
        // (A zombie's command line is empty.)
        while (commandLine(serverPid).includes('server/main.ts')) {
          await sleep(100);
        }
        clearTimeout(timer);
        process.off('exit', onExit);
      },
    };
  } catch (error) {
    killGroup('SIGKILL');
    process.off('exit', onExit);
    throw error;
  }
}
