/** The parts of the bench, in the order they run. */
export const SECTIONS = ['bundle', 'calls', 'proxy', 'render', 'click', 'soak'] as const;
export type Section = (typeof SECTIONS)[number];

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
  /** Rounds of the proxy throughput bench; default 5 (1 with `--quick`). */
  proxyRounds: number;
  /** Sections to run; default all of them. */
  only: Section[];
}

export const USAGE = `Usage: npm run bench -- [options]
  --json              print one JSON object (name → value, units in the names)
  --quick             fewer rounds, a 10 s soak (for development)
  --soak-seconds N    length of the soak's load in seconds (default 120)
  --rounds N          rounds per side for render and click figures (default 10)
  --only a,b          run only these sections: ${SECTIONS.join(', ')}
  --no-build          do not build the packages first`;

function positiveInteger(flag: string, text: string | undefined): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${flag} needs a whole number ≥ 1, got ${JSON.stringify(text ?? '')}.`);
  }
  return value;
}

/** Reads the command line; throws an Error that says what is wrong for anything it does not know. */
export function parseBenchArgs(args: readonly string[]): BenchOptions {
  let json = false;
  let quick = false;
  let build = true;
  let soakSeconds: number | undefined;
  let rounds: number | undefined;
  let only: Section[] = [...SECTIONS];
  for (let index = 0; index < args.length; index++) {
    const [flag, inline] = (args[index] as string).split(/=(.*)/s, 2) as [string, string?];
    const value = () => inline ?? args[++index];
    switch (flag) {
      case '--json':
        json = true;
        break;
      case '--quick':
        quick = true;
        break;
      case '--no-build':
        build = false;
        break;
      case '--soak-seconds':
        soakSeconds = positiveInteger(flag, value());
        break;
      case '--rounds':
        rounds = positiveInteger(flag, value());
        break;
      case '--only': {
        const names = (value() ?? '').split(',').filter(Boolean);
        const unknown = names.filter((name) => !SECTIONS.includes(name as Section));
        if (names.length === 0 || unknown.length > 0) {
          throw new Error(
            `--only takes a comma-separated list of ${SECTIONS.join(', ')}; got ${JSON.stringify(unknown.join(',') || '')}.`,
          );
        }
        only = SECTIONS.filter((section) => names.includes(section));
        break;
      }
      default:
        throw new Error(`Unknown option ${JSON.stringify(args[index])}.\n${USAGE}`);
    }
  }
  return {
    json,
    quick,
    build,
    soakSeconds: soakSeconds ?? (quick ? 10 : 120),
    rounds: rounds ?? (quick ? 3 : 10),
    proxyRounds: quick ? 1 : 5,
    only,
  };
}
