import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  CSRF_HEADER,
  CSRF_HEADER_VALUE,
  type ChatResponse,
  type ErrorBody,
} from '@saleschat-kit/core';
import type { Endpoint, Fault, LoggedRequest } from '@saleschat-kit/fake-saleschat';
import type { RateLimitOptions, SaleschatConfig } from '../../src/index';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const PROXY_SCRIPT = fileURLToPath(new URL('./faultProxy.ts', import.meta.url));
const FAKE_CLI = fileURLToPath(new URL('../../../fake-saleschat/src/cli.ts', import.meta.url));
const KIT_CLI = fileURLToPath(new URL('../../../cli/src/bin.ts', import.meta.url));
/** Node itself with tsx's loader (not the tsx command, whose child a kill by pid would miss). */
const NODE_ARGS = ['--import', 'tsx', '--conditions=@saleschat-kit/source'];
/** Generous: a process started with tsx on a loaded 2-core machine takes seconds. */
const START_TIMEOUT_MS = 60_000;

export const TOKEN = 'fault-suite-token';
export const ORG_ID = 'org_faults';
/** The cookie that names the calling agent (the stand-in for a CRM session). */
export const AGENT_COOKIE = 'fault_agent';

/** The proxy's store option: an embedded data folder or a PostgreSQL database. */
export type StoreOption = { dataDir: string } | { connectionString: string };

/** What `faultProxy.ts` reads from `FAULT_PROXY`. */
export interface FaultProxyConfig {
  saleschat: SaleschatConfig;
  store: StoreOption;
  /** CRM user id → Saleschat user id, linked once the store is ready. */
  agents: Record<string, string>;
  rateLimit?: RateLimitOptions;
}

/** One click's answer: its status (0 when no answer came) and body. */
export interface ClickAnswer {
  status: number;
  body: (Partial<ChatResponse> & Partial<ErrorBody>) | null;
}

/** Every process this module started and that has not exited: the last resort of a clean-up. */
const running = new Set<ChildProcess>();

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Sends `signal` to the child by its pid and waits (at most `graceMs`) for it to exit, then SIGKILLs it. */
async function stopChild(child: ChildProcess, signal: NodeJS.Signals, graceMs: number) {
  if (hasExited(child)) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  const timer = new Promise((resolve) => setTimeout(resolve, graceMs, 'late'));
  if ((await Promise.race([exited, timer])) === 'late' && !hasExited(child)) {
    child.kill('SIGKILL');
    await exited;
  }
}

/** Ends every process started here that is still running (SIGKILL, by pid). */
export async function killAllStarted(): Promise<void> {
  await Promise.all([...running].map((child) => stopChild(child, 'SIGKILL', 5000)));
}

/** Starts a TypeScript entry point as its own Node process; resolves once `ready` finds its line. */
function startScript<T>(
  script: string,
  args: string[],
  env: Record<string, string>,
  name: string,
  ready: (output: string) => T | undefined,
): Promise<{ child: ChildProcess; found: T; tail: () => string }> {
  const inherited = { ...process.env };
  delete inherited.PORT;
  const child = spawn(process.execPath, [...NODE_ARGS, script, ...args], {
    cwd: ROOT,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  let started = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start in ${START_TIMEOUT_MS} ms:\n${output.slice(-1500)}`));
    }, START_TIMEOUT_MS);
    const read = (chunk: Buffer) => {
      // The last few thousand characters are kept: what a process said before it died.
      output = (output + chunk.toString()).slice(-4000);
      if (started) return;
      const found = ready(output);
      if (found !== undefined) {
        started = true;
        clearTimeout(timer);
        resolve({ child, found, tail: () => output });
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}):\n${output.slice(-1500)}`));
    });
  });
}

async function adminJson<T>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, {
    ...init,
    headers: { 'Content-Type': 'application/json' },
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status}`);
  return (response.status === 204 ? null : await response.json()) as T;
}

/** The fake Saleschat as its own process (its command line), steered over its /__admin API. */
export interface FakeProcess {
  url: string;
  /** A new Saleschat user in the org; resolves to its id. */
  seedUser(name: string): Promise<string>;
  contacts(): Promise<{ id: string; crmId: string }[]>;
  requests(endpoint?: Endpoint): Promise<LoggedRequest[]>;
  setFault(endpoint: Endpoint, fault: Fault): Promise<void>;
  deleteContact(contactId: string): Promise<void>;
  /** SIGTERM, then SIGKILL after 5 s. */
  stop(): Promise<void>;
}

/** Starts `fake-saleschat` with Saleschat's limits (10 requests/s per endpoint, 1 assign per 10 s per contact). */
export async function startFakeProcess(): Promise<FakeProcess> {
  const { child, found: url } = await startScript(
    FAKE_CLI,
    ['--port', '0', '--token', TOKEN, '--org', ORG_ID],
    {},
    'The fake Saleschat',
    (output) => /listening on (http:\/\/\S+) \(/.exec(output)?.[1],
  );
  return {
    url,
    async seedUser(name) {
      const body = JSON.stringify({
        email: `${name}@faults.test`,
        firstName: 'Agent',
        lastName: name,
      });
      return (await adminJson<{ userId: string }>(`${url}/__admin/users`, { method: 'POST', body }))
        .userId;
    },
    contacts: () => adminJson(`${url}/__admin/contacts`),
    requests: (endpoint) =>
      adminJson(`${url}/__admin/requests${endpoint ? `?endpoint=${endpoint}` : ''}`),
    async setFault(endpoint, fault) {
      await adminJson(`${url}/__admin/faults/${endpoint}`, {
        method: 'PUT',
        body: JSON.stringify(fault),
      });
    },
    async deleteContact(contactId) {
      await adminJson(`${url}/__admin/contacts/${encodeURIComponent(contactId)}`, {
        method: 'DELETE',
      });
    },
    stop: () => stopChild(child, 'SIGTERM', 5000),
  };
}

/**
 * POSTs JSON on a connection of its own (closed after the answer): a kept-alive connection
 * that the server closes just as it is reused — common when timers run late on a loaded
 * machine — would fail the request and count as a killed click. Resolves to status 0 and no
 * text when no answer came (connection refused or cut, or no answer within 45 s).
 */
function postOnce(
  port: number,
  path: string,
  { headers, body }: { headers: Record<string, string>; body: string },
): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const noAnswer = () => resolve({ status: 0, text: '' });
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent: false,
        timeout: 45_000,
        headers: {
          ...headers,
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', noAnswer);
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', noAnswer);
    req.end(body);
  });
}

/** A proxy process (`faultProxy.ts`), and its restart on the same data after a SIGKILL. */
export interface ProxyProcess {
  /** The current process's pid. */
  readonly pid: number;
  /** How each process that exited without being told to ended, with its last output. */
  readonly crashes: readonly string[];
  /** A Chat click (`POST /chat` as the CRM page sends it), over HTTP. */
  click(agent: string, crmCustomerId: string): Promise<ClickAnswer>;
  /** SIGKILL by pid; resolves once the process is gone. */
  kill9(): Promise<void>;
  /** Starts the proxy again on the same store and config; resolves once it listens. */
  restart(): Promise<void>;
  /** SIGTERM (the proxy closes, waiting for creates in flight), SIGKILL after 30 s. */
  stop(): Promise<void>;
}

export async function startProxyProcess(config: FaultProxyConfig): Promise<ProxyProcess> {
  const crashes: string[] = [];
  /** The processes this test ends itself (by kill9, restart or stop). */
  const ended = new WeakSet<ChildProcess>();
  const launch = async () => {
    const started = await startScript(
      PROXY_SCRIPT,
      [],
      { FAULT_PROXY: JSON.stringify(config) },
      'A proxy',
      (output) => {
        const line = /^\{"port":\d+\}$/m.exec(output)?.[0];
        return line ? (JSON.parse(line) as { port: number }).port : undefined;
      },
    );
    started.child.once('exit', (code, signal) => {
      if (!ended.has(started.child)) {
        crashes.push(`exited with ${code ?? signal}:\n${started.tail()}`);
      }
    });
    return started;
  };
  const end = (signal: NodeJS.Signals, graceMs: number) => {
    ended.add(current.child);
    return stopChild(current.child, signal, graceMs);
  };
  let current = await launch();
  return {
    get pid() {
      return current.child.pid as number;
    },
    crashes,
    async click(agent, crmCustomerId) {
      const { status, text } = await postOnce(current.found, '/api/saleschat/chat', {
        headers: { Cookie: `${AGENT_COOKIE}=${agent}`, [CSRF_HEADER]: CSRF_HEADER_VALUE },
        body: JSON.stringify({ crmCustomerId }),
      });
      try {
        return { status, body: JSON.parse(text) as ClickAnswer['body'] };
      } catch {
        // Counted by its status; a body that is not JSON has no code to report.
        return { status, body: null };
      }
    },
    kill9: () => end('SIGKILL', 5000),
    async restart() {
      await end('SIGKILL', 5000);
      current = await launch();
    },
    stop: () => end('SIGTERM', 30_000),
  };
}

/** What `saleschat-kit contacts pending --json` prints for one lead. */
export interface PendingEntry {
  crmCustomerId: string;
  requestedAt: string;
  status: 'unknown' | 'needs-repair';
}

/** Runs the real `saleschat-kit contacts pending --json` against the store (no proxy may hold an embedded one). */
export async function contactsPending(store: StoreOption): Promise<PendingEntry[]> {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  delete env.SALESCHAT_DATA_DIR;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [...NODE_ARGS, KIT_CLI, 'contacts', 'pending', '--json'],
    {
      cwd: ROOT,
      env: {
        ...env,
        ...('dataDir' in store
          ? { SALESCHAT_DATA_DIR: store.dataDir }
          : { DATABASE_URL: store.connectionString }),
      },
      timeout: 60_000,
    },
  );
  return JSON.parse(stdout) as PendingEntry[];
}

/** An answer as one short label: `200`, `409 CONTACT_NEEDS_REPAIR 4090001`, `no answer`… */
export function describeAnswer({ status, body }: ClickAnswer): string {
  if (status === 0) return 'no answer';
  if (status < 300) return String(status);
  const upstream = body?.error?.saleschat?.code;
  return `${status} ${body?.error?.code ?? 'unreadable'}${upstream === undefined ? '' : ` ${upstream}`}`;
}

/** Saleschat's duplicate refusal passed on as it is: what a lead with an unknown create must never get. */
export function isRaw4090001(answer: ClickAnswer): boolean {
  return (
    answer.body?.error?.saleschat?.code === 4090001 &&
    answer.body.error.code !== 'CONTACT_NEEDS_REPAIR'
  );
}

/** Counts labels: `{ '200': 12, '503 STORE_UNAVAILABLE': 3 }`. */
export function tally(labels: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const label of labels) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
}
