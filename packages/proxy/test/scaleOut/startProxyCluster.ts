import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  CSRF_HEADER,
  CSRF_HEADER_VALUE,
  type ChatResponse,
  type ErrorBody,
} from '@saleschat-kit/core';
import {
  startFakeSaleschatServer,
  type FakeSaleschatServer,
  type FakeSaleschatServerOptions,
} from '@saleschat-kit/fake-saleschat';
import { createPostgresStore } from '../../src/index';
import { AGENT_COOKIE } from './scaleOutLeads';

const PROCESS_SCRIPT = fileURLToPath(new URL('./proxyProcess.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const TOKEN = 'scale-out-token';
const ORG_ID = 'org_scale';

export interface ClusterOptions {
  /** Proxy processes; required. */
  instances: number;
  /** The PostgreSQL database they share; required. */
  databaseUrl: string;
  /** The fake's limits. Default: Saleschat's (10 per second per endpoint, 1 assign per 10 s per contact). */
  limits?: FakeSaleschatServerOptions['limits'];
  /** The proxies' per-contact assign interval. Default: Saleschat's 10 s. */
  assignIntervalMs?: number;
  /** What the fake's 409 on a taken `crm_id` carries. Default: `'empty'`, as documented. */
  conflictPayload?: FakeSaleschatServerOptions['conflictPayload'];
}

/** One click's answer: its status and body (`null` when the connection failed). */
export interface ClickAnswer {
  status: number;
  body: (ChatResponse & ErrorBody) | null;
}

export interface ProxyCluster {
  saleschat: FakeSaleschatServer;
  /** A new CRM user id, linked to a new Saleschat user. */
  agent(): Promise<string>;
  /** The Saleschat user an agent is linked to. */
  scUserIdOf(agent: string): string;
  /** A Chat click on one instance, over HTTP. */
  click(instance: number, agent: string, crmCustomerId: string): Promise<ClickAnswer>;
  /** SIGKILL an instance and start it again on the same database; resolves once it listens. */
  restart(instance: number): Promise<void>;
  close(): Promise<void>;
}

interface Instance {
  child: ChildProcess;
  port: number;
}

/**
 * The fake Saleschat (in this process, over HTTP) and `instances` proxy processes on one
 * PostgreSQL database, each on its own loopback port. The processes are stopped by their pid
 * (SIGKILL) on `restart` and `close`.
 */
export async function startProxyCluster(options: ClusterOptions): Promise<ProxyCluster> {
  const saleschat = await startFakeSaleschatServer({
    token: TOKEN,
    orgId: ORG_ID,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.conflictPayload ? { conflictPayload: options.conflictPayload } : {}),
  });
  const store = createPostgresStore({ connectionString: options.databaseUrl });
  await store.ready();

  function launch(): Promise<Instance> {
    // Node itself with tsx's loader (not the tsx command, whose child a kill would miss).
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@saleschat-kit/source', PROCESS_SCRIPT],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          SC_DATABASE_URL: options.databaseUrl,
          SC_BASE_URL: saleschat.url,
          SC_TOKEN: TOKEN,
          SC_ORG_ID: ORG_ID,
          ...(options.assignIntervalMs === undefined
            ? {}
            : { SC_ASSIGN_INTERVAL_MS: String(options.assignIntervalMs) }),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
        // Each in its own session, as separate services are: Linux schedules sessions fairly
        // against each other (autogroups), so busy proxies do not starve this process, whose
        // fake stamps every request's arrival by its event loop. In one session with them it
        // stalled up to 1.5 s in a burst and counted spaced requests as one bunch.
        detached: true,
      },
    );
    return new Promise((resolve, reject) => {
      let output = '';
      let errors = '';
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`A proxy process did not start in 60 s: ${errors.slice(-500)}`));
      }, 60_000);
      child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const line = /^\{"port":\d+\}$/m.exec(output)?.[0];
        if (line) {
          clearTimeout(timer);
          resolve({ child, port: (JSON.parse(line) as { port: number }).port });
        }
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`A proxy process exited with ${code}: ${errors.slice(-500)}`));
      });
    });
  }

  const instances = await Promise.all(Array.from({ length: options.instances }, launch));
  let agents = 0;
  const scUserIds = new Map<string, string>();

  const stop = async (instance: Instance) => {
    if (instance.child.exitCode !== null || instance.child.signalCode !== null) return;
    const exited = new Promise((resolve) => instance.child.once('close', resolve));
    instance.child.kill('SIGKILL');
    await exited;
  };

  return {
    saleschat,
    async agent() {
      const id = `agent-${process.pid}-${agents++}`;
      const { userId } = saleschat.fake.seedUser({
        email: `${id}@scale.test`,
        firstName: 'Agent',
        lastName: id,
      });
      await store.linkUser(id, userId);
      scUserIds.set(id, userId);
      return id;
    },
    scUserIdOf: (agent) => scUserIds.get(agent) as string,
    async click(instance, agent, crmCustomerId) {
      const { port } = instances[instance] as Instance;
      try {
        const response = await fetch(`http://127.0.0.1:${port}/api/saleschat/chat`, {
          method: 'POST',
          headers: {
            Cookie: `${AGENT_COOKIE}=${agent}`,
            [CSRF_HEADER]: CSRF_HEADER_VALUE,
            'Content-Type': 'application/json',
          },
          body: JSON.stringify({ crmCustomerId }),
        });
        return { status: response.status, body: (await response.json()) as ClickAnswer['body'] };
      } catch {
        return { status: 0, body: null };
      }
    },
    async restart(instance) {
      await stop(instances[instance] as Instance);
      instances[instance] = await launch();
    },
    async close() {
      await Promise.all(instances.map(stop));
      await store.close();
      await saleschat.close();
    },
  };
}
