/**
 * The bench's server-side parts (Saleschat calls, stores, proxy throughput, telemetry, serve, the
 * soak, scale-out), run in this process or, with `--node <path>`, in a child process on that
 * Node — so the store's and the proxy's figures can be compared across Node versions. Run as a file, it is that child: it runs
 * one part and prints its result and `process.version` as JSON on stdout.
 */
import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PostgresSource } from './benchPostgres';
import { countSaleschatCalls } from './countSaleschatCalls';
import { measureKitStores } from './measureStores';
import type { ServerSection } from './parseBenchArgs';
import { runProxyBench } from './runProxyBench';
import { runScaleOut } from './runScaleOut';
import { runServeBench } from './runServeBench';
import { runSoak } from './runSoak';
import { runTelemetryBench } from './runTelemetryBench';
import type { SectionResult } from './types';

/** A part's name and its settings, as the child reads them from its command line. */
export interface ServerSectionJob {
  section: ServerSection;
  /** Rounds of the throughput benches (proxy, telemetry, serve). */
  proxyRounds: number;
  /** Length of the soak's measured load. */
  soakSeconds: number;
  /** The server the PostgreSQL figures run on, or why there is none. */
  postgres: PostgresSource;
}

const RUN: Record<ServerSection, (job: ServerSectionJob) => Promise<SectionResult>> = {
  calls: () => countSaleschatCalls(),
  stores: (job) => measureKitStores(job.postgres),
  proxy: (job) => runProxyBench(job.proxyRounds, job.postgres),
  telemetry: (job) => runTelemetryBench(job.proxyRounds),
  serve: (job) => runServeBench(job.proxyRounds),
  soak: (job) => runSoak(job.soakSeconds, job.postgres),
  scale: (job) => runScaleOut(job.postgres),
};

/** A part's result and the version of the Node that measured it (`v24.22.3`). */
export interface ServerSectionResult extends SectionResult {
  node: string;
}

/** Runs the part in this process. */
export async function runServerSection(job: ServerSectionJob): Promise<ServerSectionResult> {
  return { ...(await RUN[job.section](job)), node: process.version };
}

/**
 * Runs the part in a child process on `node`, with that Node first in PATH so that what the part
 * starts in turn (the proxy bench, the demo backend through its start script) runs on it too.
 */
export async function runServerSectionOn(
  node: string,
  job: ServerSectionJob,
): Promise<ServerSectionResult> {
  const child = spawn(
    node,
    [
      'node_modules/tsx/dist/cli.mjs',
      '--conditions=@saleschat-kit/source',
      fileURLToPath(import.meta.url),
      JSON.stringify(job),
    ],
    {
      env: { ...process.env, PATH: `${dirname(node)}:${process.env.PATH}` },
      // Its progress goes where the bench's goes (stderr); stdout holds only the result.
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => (output += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', (error) => reject(new Error(`cannot run ${node}: ${error.message}`)));
    child.once('close', resolve);
  });
  if (code !== 0) throw new Error(`${job.section} on ${node} exited with ${code}`);
  return JSON.parse(output) as ServerSectionResult;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await runServerSection(JSON.parse(process.argv[2] ?? '') as ServerSectionJob);
  process.stdout.write(JSON.stringify(result));
  // As bench.ts does: stop whatever a library may still hold open.
  process.exit(0);
}
