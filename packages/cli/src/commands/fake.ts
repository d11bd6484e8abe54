import { CliError, EXIT } from '../cliError';
import type { Command } from '../command';
import { intOption } from '../intOption';

/** The fake's own default token (documented, not a secret). */
const FAKE_DEFAULT_TOKEN = 'fake-saleschat-token';

export const fake: Command = {
  name: 'fake',
  summary: 'Run a fake Saleschat (API and dashboard) to try the kit without an account.',
  arguments: '',
  positionals: { min: 0, max: 0 },
  description: `Starts @saleschat-kit/fake-saleschat: the five API endpoints the kit uses, with
Saleschat's validation, errors and rate limits, and a dashboard its magic links open. State is
in memory and lost when it stops (Ctrl-C). Point the kit at it with SALESCHAT_BASE_URL.`,
  options: {
    port: {
      type: 'string',
      valueName: 'n',
      description: 'Port to listen on (0: any free one). Default: 4010.',
    },
    host: {
      type: 'string',
      valueName: 'address',
      description: 'Interface to listen on. Default: 127.0.0.1.',
    },
    token: {
      type: 'string',
      valueName: 'token',
      description: `Token the fake accepts. Default: ${FAKE_DEFAULT_TOKEN}.`,
    },
    org: {
      type: 'string',
      valueName: 'id',
      description: 'The organisation it serves. Default: org_fake.',
    },
    rate: {
      type: 'string',
      valueName: 'n',
      description: 'Requests per second per endpoint. Default: 10, like Saleschat.',
    },
  },
  uses: [],
  examples: [
    'saleschat-kit fake',
    'saleschat-kit fake --port 4010 --org org_demo --token dev-token',
    'SALESCHAT_BASE_URL=http://127.0.0.1:4010 SALESCHAT_ORG_ID=org_fake SALESCHAT_API_TOKEN=fake-saleschat-token saleschat-kit doctor',
  ],

  async run({ values, io, out }) {
    const port = intOption(values, 'port', 4010, 0, 65_535);
    const rate = intOption(values, 'rate', 10, 1, 100_000);
    const orgId = (values.org as string | undefined) ?? 'org_fake';
    const token = (values.token as string | undefined) ?? FAKE_DEFAULT_TOKEN;
    // Loaded here: only this command needs the fake.
    const { startFakeSaleschatServer } = await import('@saleschat-kit/fake-saleschat');
    let server;
    try {
      server = await startFakeSaleschatServer({
        port,
        host: (values.host as string | undefined) ?? '127.0.0.1',
        token,
        orgId,
        limits: { perEndpointPerSecond: rate },
      });
    } catch (error) {
      throw new CliError(`The fake could not start: ${(error as Error).message}`, EXIT.failed);
    }
    out.line(`Fake Saleschat listening on ${server.url} (organisation ${orgId}). Ctrl-C stops it.`);
    out.line(`Use it with: SALESCHAT_BASE_URL=${server.url} SALESCHAT_ORG_ID=${orgId}`);
    out.line(
      token === FAKE_DEFAULT_TOKEN
        ? `and SALESCHAT_API_TOKEN set to the fake's default token (${FAKE_DEFAULT_TOKEN}).`
        : 'and SALESCHAT_API_TOKEN set to the token given with --token.',
    );
    await new Promise<void>((resolve) => {
      if (io.signal?.aborted) return resolve();
      io.signal?.addEventListener('abort', () => resolve(), { once: true });
    });
    await server.close();
    out.line('Fake Saleschat stopped.');
    return EXIT.ok;
  },
};
