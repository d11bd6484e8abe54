import { parseArgs } from 'node:util';

export interface CliOptions {
  port: number;
  host: string;
  token: string | undefined;
  orgId: string | undefined;
}

export const CLI_USAGE =
  'Usage: fake-saleschat [--port 4010] [--host 127.0.0.1] [--token TOKEN] [--org ORG_ID]\n' +
  'The port defaults to $PORT, then 4010.';

/** Reads the CLI's flags; throws a TypeError that says what is wrong and shows the usage. */
export function parseCliArgs(argv: string[], env: Record<string, string | undefined>): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        token: { type: 'string' },
        org: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new TypeError(`${(error as Error).message}\n${CLI_USAGE}`, { cause: error });
  }
  const rawPort = values.port ?? env.PORT ?? '4010';
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port > 65_535) {
    throw new TypeError(`--port must be a number from 0 to 65535, not "${rawPort}".\n${CLI_USAGE}`);
  }
  return { port, host: values.host ?? '127.0.0.1', token: values.token, orgId: values.org };
}
