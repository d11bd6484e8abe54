import { parseArgs } from 'node:util';

/** The parts of the bench, in the order they run. */
export const SECTIONS = [
  'bundle',
  'calls',
  'stores',
  'proxy',
  'telemetry',
  'serve',
  'render',
  'click',
  'soak',
  'scale',
] as const;
export type Section = (typeof SECTIONS)[number];

/** The parts that measure the kit's server side: the ones `--node` runs under another Node. */
export const SERVER_SECTIONS = [
  'calls',
  'stores',
  'proxy',
  'telemetry',
  'serve',
  'soak',
  'scale',
] as const satisfies readonly Section[];
export type ServerSection = (typeof SERVER_SECTIONS)[number];

export interface BenchOptions {
  /** Print one JSON object (name → value) instead of the table; default false. */
  json: boolean;
  /** Fewer rounds and a 10 s soak, for development; default false. */
  quick: boolean;
  /** Build the packages first (turbo, cached); default true, `--no-build` skips it. */
  build: boolean;
  /** Length of the soak's measured load; default 120 s (10 s with `--quick`). */
  soakSeconds: number;
  /** Rounds per side of the render and click figures; default 10 (3 with `--quick`). */
  rounds: number;
  /** Rounds of the throughput benches (proxy, telemetry, serve); default 5 (1 with `--quick`). */
  proxyRounds: number;
  /** Sections to run; default all of them. */
  only: Section[];
  /** The `node` binary that runs the server-side sections; default the one running the bench. */
  node: string | undefined;
  /** Print the usage and stop; default false. */
  help: boolean;
}

export const USAGE = `Usage: npm run bench -- [options]
  --json              print one JSON object (name → value, units in the names)
  --quick             fewer rounds, a 10 s soak (for development)
  --soak-seconds N    length of the soak's load in seconds (default 120)
  --rounds N          rounds per side for render and click figures (default 10)
  --only a,b          run only these sections: ${SECTIONS.join(', ')}
  --node PATH         run the server-side sections (${SERVER_SECTIONS.join(', ')}) on this node binary
  --no-build          do not build the packages first
  --help              print this help`;

function positiveInteger(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${flag} needs a whole number ≥ 1, got ${JSON.stringify(text)}.`);
  }
  return value;
}

function sections(text: string | undefined): Section[] {
  if (text === undefined) return [...SECTIONS];
  const names = text.split(',').filter(Boolean);
  const unknown = names.filter((name) => !SECTIONS.includes(name as Section));
  if (names.length === 0 || unknown.length > 0) {
    throw new Error(
      `--only takes a comma-separated list of ${SECTIONS.join(', ')}; got ${JSON.stringify(unknown.join(','))}.`,
    );
  }
  return SECTIONS.filter((section) => names.includes(section));
}

/** Reads the command line; throws an Error that says what is wrong for anything it does not know. */
export function parseBenchArgs(args: readonly string[]): BenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        json: { type: 'boolean', default: false },
        quick: { type: 'boolean', default: false },
        build: { type: 'boolean', default: true },
        'soak-seconds': { type: 'string' },
        rounds: { type: 'string' },
        only: { type: 'string' },
        node: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      // `--no-build`; Node 20.16 and later.
      allowNegative: true,
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${USAGE}`, { cause: error });
  }
  const { quick } = values;
  return {
    json: values.json,
    quick,
    build: values.build,
    soakSeconds: positiveInteger('--soak-seconds', values['soak-seconds']) ?? (quick ? 10 : 120),
    rounds: positiveInteger('--rounds', values.rounds) ?? (quick ? 3 : 10),
    proxyRounds: quick ? 1 : 5,
    only: sections(values.only),
    node: values.node,
    help: values.help,
  };
}
