/**
 * `npm run bench`: every figure of issues 8, 13 and 18 in one table (or, with `--json`, one JSON object),
 * measured on loopback, bounded in time, side by side with its reference. See bench/README.md.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright';
import { openBenchPostgres, type BenchPostgres } from './benchPostgres';
import { buildBenchPage, type BenchPage } from './buildBenchPage';
import { formatJson, formatTable } from './formatFigures';
import { launchChromium } from './launchChromium';
import { measureBundles } from './measureBundles';
import { measureClickToNavigation } from './measureClickToNavigation';
import { measureRender } from './measureRender';
import {
  parseBenchArgs,
  SERVER_SECTIONS,
  USAGE,
  type BenchOptions,
  type Section,
  type ServerSection,
} from './parseBenchArgs';
import { runServerSection, runServerSectionOn } from './serverSections';
import { startLoopbackKit, type LoopbackKit } from './startLoopbackKit';
import type { Figure, SectionResult } from './types';

// Progress goes to stderr, so stdout holds only the table or the JSON object.
const progress = (message: string) => process.stderr.write(`bench: ${message}\n`);

/**
 * The dist of the packages the demo uses (the bundle sizes, the browser page and the demo server
 * read it); turbo caches. Only those: a package being written elsewhere in the workspace must not
 * stop the bench.
 */
async function buildPackages(): Promise<void> {
  const child = spawn(
    process.execPath,
    [
      'scripts/pnpm.mjs',
      'exec',
      'turbo',
      'run',
      'build',
      '--filter=demo-crm^...',
      '--output-logs=errors-only',
    ],
    { stdio: ['ignore', process.stderr, process.stderr] },
  );
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) throw new Error(`the build failed (exit ${code})`);
}

/** The browser, the bench page and a proxy serving it, shared by the render and click parts. */
interface BrowserRig {
  browser: Browser;
  page: BenchPage;
  kit: LoopbackKit;
}

/** `v24.22.3`, from the binary itself; throws when it is not a Node that runs. */
function versionOf(node: string): string {
  const result = spawnSync(node, ['--version'], { encoding: 'utf8' });
  const version = result.status === 0 ? result.stdout.trim() : '';
  if (!/^v\d+\.\d+\.\d+/.test(version)) {
    throw new Error(
      `--node ${node} is not a Node.js binary that runs (${result.error?.message ?? result.stderr})`,
    );
  }
  return version;
}

async function main(options: BenchOptions): Promise<number> {
  process.chdir(fileURLToPath(new URL('..', import.meta.url)));
  // What the parts start as `node` (tsx, the demo's start script) is this same Node.
  process.env.PATH = `${dirname(process.execPath)}:${process.env.PATH}`;
  const serverNode = options.node ? versionOf(options.node) : process.version;
  progress(
    `Node ${process.version}${options.node ? ` (server-side parts: ${serverNode}, ${options.node})` : ''}, ${cpus().length} CPUs, load ${loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}${options.quick ? ', --quick' : ''}`,
  );
  if (options.build) {
    progress('building the packages');
    await buildPackages();
  }

  let rig: BrowserRig | undefined;
  const browserRig = async () => {
    if (!rig) {
      const page = await buildBenchPage();
      const kit = await startLoopbackKit({ agents: ['agent-bench'], files: page.files });
      rig = { browser: await launchChromium(), page, kit };
    }
    return rig;
  };
  // One PostgreSQL server for every part that measures the PostgreSQL store, started when the
  // first one needs it.
  let postgres: BenchPostgres | undefined;
  const server = (section: ServerSection) => async () => {
    if (!postgres && section !== 'calls' && section !== 'serve' && section !== 'telemetry') {
      progress('PostgreSQL…');
      postgres = await openBenchPostgres();
      const { source } = postgres;
      progress('unavailable' in source ? source.unavailable : `PostgreSQL: ${source.origin}`);
    }
    const job = {
      section,
      proxyRounds: options.proxyRounds,
      soakSeconds: options.soakSeconds,
      postgres: postgres?.source ?? { unavailable: 'not started for this part' },
    };
    return options.node ? runServerSectionOn(options.node, job) : runServerSection(job);
  };
  const run: Record<Section, () => Promise<SectionResult & { node?: string }>> = {
    bundle: measureBundles,
    calls: server('calls'),
    stores: server('stores'),
    proxy: server('proxy'),
    telemetry: server('telemetry'),
    serve: server('serve'),
    render: async () => {
      const { page, browser, kit } = await browserRig();
      return measureRender(page, browser, kit.url, options.rounds);
    },
    click: async () => {
      const { browser, kit } = await browserRig();
      return measureClickToNavigation(browser, kit.url, options.rounds);
    },
    soak: server('soak'),
    scale: server('scale'),
  };

  const figures: Figure[] = [];
  const notes: string[] = [
    `Node ${process.version}${options.node ? ` (server-side parts: ${serverNode})` : ''}, ${cpus().length} CPUs; each figure's Node is in its row.`,
  ];
  let failed = false;
  try {
    for (const section of options.only) {
      // The browser is done once render and click are.
      if (rig && (SERVER_SECTIONS as readonly Section[]).includes(section)) {
        await closeRig(rig);
        rig = undefined;
      }
      const started = performance.now();
      progress(`${section}…`);
      try {
        const result = await run[section]();
        // Each figure says which Node measured it: the server-side parts may run on another.
        const node = result.node ?? process.version;
        figures.push(...result.figures.map((figure) => ({ ...figure, node })));
        notes.push(...result.notes);
        progress(`${section} done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
      } catch (error) {
        failed = true;
        const message = error instanceof Error ? error.message : String(error);
        notes.push(`${section}: FAILED: ${message}`);
        progress(`${section} FAILED: ${error instanceof Error ? error.stack : message}`);
      }
    }
  } finally {
    if (rig) await closeRig(rig);
    await postgres?.stop();
  }

  if (options.json) {
    process.stdout.write(`${formatJson(figures)}\n`);
  } else {
    process.stdout.write(
      `${formatTable(figures)}\n\n${notes.map((note) => `- ${note}`).join('\n')}\n`,
    );
  }
  return failed ? 1 : 0;
}

async function closeRig({ browser, kit, page }: BrowserRig): Promise<void> {
  await browser.close();
  await kit.close();
  page.remove();
}

let options: BenchOptions;
try {
  options = parseBenchArgs(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
// Exit rather than wait for the event loop: the bench stops by itself, whatever a library
// (a store's pool, a QueryClient's timers) may still hold.
process.exit(
  await main(options).catch((error: unknown) => {
    progress(`FAILED: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }),
);
