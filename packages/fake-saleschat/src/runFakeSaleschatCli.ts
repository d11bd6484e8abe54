import { parseArgs } from 'node:util';
import { FAKE_DEFAULTS } from './fakeState';
import { startFakeSaleschatServer } from './startFakeSaleschatServer';

/**
 * The command line's options, in `node:util` parseArgs' shape (which applies the defaults), each
 * with its help. `saleschat-kit fake` lists them in its help and hands its arguments here.
 */
export const FAKE_CLI_OPTIONS = {
  port: {
    type: 'string',
    valueName: 'n',
    description: 'Port to listen on (0: any free one); $PORT when set.',
    default: '4010',
  },
  host: {
    type: 'string',
    valueName: 'address',
    description: 'Interface to listen on.',
    default: '127.0.0.1',
  },
  token: {
    type: 'string',
    valueName: 'token',
    description: 'Bearer token the fake accepts.',
    default: FAKE_DEFAULTS.token,
  },
  org: {
    type: 'string',
    valueName: 'id',
    description: 'The one organisation it serves.',
    default: FAKE_DEFAULTS.orgId,
  },
  rate: {
    type: 'string',
    valueName: 'n',
    description: 'Requests per second per endpoint, like Saleschat.',
    default: String(FAKE_DEFAULTS.perEndpointPerSecond),
  },
  help: { type: 'boolean', short: 'h', description: 'Show this help.' },
} as const;

/** The command line read, each default applied. */
export interface CliOptions {
  /** Port to listen on; 0 for any free one. */
  port: number;
  /** Interface to listen on. */
  host: string;
  /** Bearer token the fake accepts. */
  token: string;
  /** The one organisation it serves. */
  orgId: string;
  /** Requests per second per endpoint. */
  rate: number;
  /** `--help`: print the usage instead of starting. */
  help: boolean;
}

/** `Usage: fake-saleschat [options]` and one line per option. */
export function formatUsage(name = 'fake-saleschat'): string {
  const rows = Object.entries(FAKE_CLI_OPTIONS).map(([option, spec]) => [
    `${'short' in spec ? `-${spec.short}, ` : ''}--${option}${'valueName' in spec ? ` <${spec.valueName}>` : ''}`,
    `${spec.description}${'default' in spec ? ` Default: ${spec.default}.` : ''}`,
  ]);
  const width = Math.max(...rows.map(([flag]) => (flag as string).length)) + 2;
  return [
    `Usage: ${name} [options]`,
    ...rows.map(([flag, text]) => `  ${(flag as string).padEnd(width)}${text}`),
  ].join('\n');
}

function wholeNumber(name: string, raw: string, min: number, max: number, usage: string): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new TypeError(
      `--${name} must be a number from ${min} to ${max}, not "${raw}".\n${usage}`,
    );
  }
  return value;
}

/** Reads the flags, defaults applied; throws a TypeError that says what is wrong and shows the usage. */
export function parseCliArgs(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  name?: string,
): CliOptions {
  const usage = formatUsage(name);
  let values;
  try {
    ({ values } = parseArgs({
      // $PORT as a first --port: a --port given later wins.
      args: env.PORT ? ['--port', env.PORT, ...argv] : [...argv],
      options: FAKE_CLI_OPTIONS,
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new TypeError(`${(error as Error).message}\n${usage}`, { cause: error });
  }
  return {
    port: wholeNumber('port', values.port, 0, 65_535, usage),
    host: values.host,
    token: values.token,
    orgId: values.org,
    rate: wholeNumber('rate', values.rate, 1, 100_000, usage),
    help: values.help === true,
  };
}

/** Where the command line reads and writes, so `saleschat-kit fake` can run it in-process. */
export interface FakeCliIo {
  /** Prints a line of output. */
  out(line: string): void;
  /** Prints a line about a failure (a bad flag, a port in use). */
  error(line: string): void;
  /** `PORT` sets the port when `--port` is not given. */
  env: Record<string, string | undefined>;
  /** Aborting (Ctrl-C) stops the fake; default: it runs until the process ends. */
  signal?: AbortSignal;
  /** The command's name in the usage; default `'fake-saleschat'`. */
  name?: string;
}

/**
 * Runs a fake Saleschat until `signal` aborts, and resolves to the exit code: 0, 1 when it
 * cannot start, 2 for a bad command line. Prints where it listens and how to point the kit at
 * it; a token given with `--token` is never printed.
 */
export async function runFakeSaleschatCli(argv: readonly string[], io: FakeCliIo): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCliArgs(argv, io.env, io.name);
  } catch (error) {
    io.error((error as Error).message);
    return 2;
  }
  if (options.help) {
    io.out(formatUsage(io.name));
    return 0;
  }
  let server;
  try {
    server = await startFakeSaleschatServer({
      port: options.port,
      host: options.host,
      token: options.token,
      orgId: options.orgId,
      limits: { perEndpointPerSecond: options.rate },
    });
  } catch (error) {
    io.error(`The fake could not start: ${(error as Error).message}`);
    return 1;
  }
  io.out(
    `Fake Saleschat listening on ${server.url} (organisation ${options.orgId}). Ctrl-C stops it.`,
  );
  io.out(`Use it with: SALESCHAT_BASE_URL=${server.url} SALESCHAT_ORG_ID=${options.orgId}`);
  io.out(
    options.token === FAKE_DEFAULTS.token
      ? `and SALESCHAT_API_TOKEN set to the fake's default token (${FAKE_DEFAULTS.token}).`
      : 'and SALESCHAT_API_TOKEN set to the token given with --token.',
  );
  await new Promise<void>((resolve) => {
    if (io.signal?.aborted) return resolve();
    io.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  await server.close();
  io.out('Fake Saleschat stopped.');
  return 0;
}
