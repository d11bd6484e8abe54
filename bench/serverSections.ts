/**
 * The bench's server-side parts (Saleschat calls, proxy throughput, the soak), run in this
 * process or, with `--node <path>`, in a child process on that Node — so the store's and the
 * proxy's figures can be compared across Node versions. Run as a file, it is that child: it runs
 * one part and prints its result and `process.version` as JSON on stdout.
 */
import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countSaleschatCalls } from './countSaleschatCalls';
import type { ServerSection } from './parseBenchArgs';
import { runProxyBench } from './runProxyBench';
import { runServeBench } from './runServeBench';
import { runSoak } from './runSoak';
import type { SectionResult } from './types';

/** A part's name and its settings, as the child reads them from its command line. */
export interface ServerSectionJob {
  section: ServerSection;
  /** Rounds of the proxy throughput bench. */
  proxyRounds: number;
  /** Length of the soak's measured load. */
  soakSeconds: number;
}

/** A part's result and the version of the Node that measured it (`v24.22.3`). */
export interface ServerSectionResult extends SectionResult {
  node: string;
}

/** Runs the part in this process. */
export async function runServerSection(job: ServerSectionJob): Promise<ServerSectionResult> {
  const result =
    job.section === 'calls'
      ? await countSaleschatCalls()
      : job.section === 'proxy'
        ? await runProxyBench(job.proxyRounds)
        : job.section === 'serve'
          ? await runServeBench(job.proxyRounds)
          : await runSoak(job.soakSeconds);
  return { ...result, node: process.version };
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
