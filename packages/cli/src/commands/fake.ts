import { FAKE_CLI_OPTIONS, runFakeSaleschatCli } from '@saleschat-kit/fake-saleschat';
import type { DelegatingCommand } from '../command';

const { port, org, token } = FAKE_CLI_OPTIONS;

/** `saleschat-kit fake` is the fake's own command line: its options, defaults and output. */
export const fake: DelegatingCommand = {
  delegates: true,
  name: 'fake',
  summary: 'Run a fake Saleschat (API and dashboard) to try the kit without an account.',
  arguments: '',
  description: `Starts @saleschat-kit/fake-saleschat: the five API endpoints the kit uses, with
Saleschat's validation, errors and rate limits, and a dashboard its magic links open. State is
in memory and lost when it stops (Ctrl-C). Point the kit at it with SALESCHAT_BASE_URL.`,
  options: FAKE_CLI_OPTIONS,
  examples: [
    'saleschat-kit fake',
    'saleschat-kit fake --port 4010 --org org_demo --token dev-token',
    `SALESCHAT_BASE_URL=http://127.0.0.1:${port.default} SALESCHAT_ORG_ID=${org.default} SALESCHAT_API_TOKEN=${token.default} saleschat-kit doctor`,
  ],

  run: ({ args, io, out }) =>
    runFakeSaleschatCli(args, {
      out: (line) => out.line(line),
      error: (line) => out.error(line),
      env: io.env,
      signal: io.signal,
      name: 'saleschat-kit fake',
    }),
};
