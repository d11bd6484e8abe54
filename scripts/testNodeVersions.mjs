#!/usr/bin/env node
// `npm test`'s server side on the other supported Node.js versions (scripts/nodeRuntimes.mjs):
// every server-side Vitest project, then the demo backend's start-up, on each version. The
// machine's own Node runs the whole suite in `test:unit`; the browser projects run only there.
// The versions run side by side (Vitest gives each run one worker on a 2-core machine, so two
// runs fill it), each one's output printed in one piece when it is done.
//
//   node scripts/testNodeVersions.mjs [--project <name>]… [--sequential]
//     --project     only these Vitest projects (default: every server-side project)
//     --sequential  one version after the other
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkDemoStarts } from './checkDemoStarts.mjs';
import { ensureRuntime, RUNTIMES } from './nodeRuntimes.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const vitestEntry = join(root, 'node_modules/vitest/vitest.mjs');

/**
 * The projects of vitest.config.ts that test server code: a Node environment without browser
 * mode. The projects that drive Chromium are left out although they run in Node (the browser
 * suites run once, in test:unit): the demo's e2e (checkDemoStarts covers its server side), the
 * Next app's e2e and the packed-package consumer test (both build an app in a shared folder,
 * which two runs at once would break). New server-side projects are picked up by themselves.
 */
const BROWSER_DRIVEN = new Set(['e2e', 'next-e2e', 'consumer']);

async function serverProjects() {
  const { createVitest } = await import('vitest/node');
  const vitest = await createVitest('test', { watch: false, run: true });
  try {
    return vitest.projects
      .filter(
        (project) =>
          project.config.environment === 'node' &&
          !project.config.browser.enabled &&
          !BROWSER_DRIVEN.has(project.name),
      )
      .map((project) => project.name);
  } finally {
    await vitest.close();
  }
}

const seconds = (since) => `${((performance.now() - since) / 1000).toFixed(0)} s`;

/**
 * Runs `node args…` with this Node first in PATH (so anything a test or script starts as `node`
 * is the same version); resolves with its exit code and output.
 */
function runOn(node, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(node, args, {
      cwd: root,
      // SALESCHAT_KIT_OTHER_NODE: vitest.config.ts leaves out the suites that measure timing
      // across processes, which two runs side by side distort (they run once, in test:unit).
      env: {
        ...process.env,
        PATH: `${dirname(node)}:${process.env.PATH}`,
        SALESCHAT_KIT_OTHER_NODE: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code: code ?? signal, output }));
  });
}

/** One version's Vitest run and demo start-up; never throws, so the other versions finish too. */
async function testOn(version, projects) {
  const started = performance.now();
  const lines = [];
  let ok = true;
  let counts = 'no test result';
  const reportDir = mkdtempSync(join(tmpdir(), `saleschat-kit-node${version}-`));
  try {
    const node = ensureRuntime(version);
    const report = join(reportDir, 'vitest.json');
    const vitest = await runOn(node, [
      vitestEntry,
      'run',
      ...projects.flatMap((name) => ['--project', name]),
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
    ]);
    lines.push(vitest.output.trimEnd());
    try {
      const result = JSON.parse(readFileSync(report, 'utf8'));
      counts = `${result.numPassedTests}/${result.numTotalTests} tests passed`;
    } catch {
      // No report: Vitest failed before running; its output says why.
    }
    if (vitest.code !== 0) {
      ok = false;
      lines.push(`Vitest exited with ${vitest.code}`);
    }
    const demoStarted = performance.now();
    try {
      await checkDemoStarts(node);
      lines.push(`demo start-up: answered and stopped cleanly (${seconds(demoStarted)})`);
    } catch (error) {
      ok = false;
      lines.push(`demo start-up FAILED: ${error.message}`);
    }
  } catch (error) {
    ok = false;
    lines.push(`FAILED: ${error.stack ?? error}`);
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
  const summary = `Node ${version} (${projects.join(', ')} + demo start-up): ${counts}, ${ok ? 'ok' : 'FAILED'} in ${seconds(started)}`;
  process.stdout.write(`\n===== Node ${version} =====\n${lines.join('\n')}\n${summary}\n`);
  return { ok, summary };
}

const { values } = parseArgs({
  options: {
    project: { type: 'string', multiple: true },
    sequential: { type: 'boolean', default: false },
  },
});
const started = performance.now();
// Installs (or finds) the runtimes one after the other: npm's cache is not meant for two at once.
for (const version of RUNTIMES) ensureRuntime(version);
const projects = values.project ?? (await serverProjects());
process.stdout.write(
  `Server-side tests on Node ${RUNTIMES.join(' and ')}: projects ${projects.join(', ')}, then the demo's start-up\n`,
);
const results = [];
if (values.sequential) {
  for (const version of RUNTIMES) results.push(await testOn(version, projects));
} else {
  results.push(...(await Promise.all(RUNTIMES.map((version) => testOn(version, projects)))));
}
process.stdout.write(
  `\n${results.map((result) => result.summary).join('\n')}\nOther Node versions done in ${seconds(started)}\n`,
);
process.exit(results.every((result) => result.ok) ? 0 : 1);
