import { FAKE_CLI_OPTIONS, startFakeSaleschatServer } from '@saleschat-kit/fake-saleschat';
import { CliError, EXIT, defineCommand } from '../command';
import { runConformance, type Credential } from '../verify/runConformance';

function credential(
  which: 'a' | 'b',
  cookie: string | undefined,
  token: string | undefined,
): Credential {
  if ((cookie === undefined) === (token === undefined)) {
    throw new CliError(
      `Give user ${which.toUpperCase()} one of --user-${which}-cookie or --user-${which}-token.`,
      EXIT.usage,
    );
  }
  return cookie !== undefined ? { cookie } : { token: token as string };
}

export const verifyProxy = defineCommand({
  name: 'verify-proxy',
  summary:
    'Check any implementation of the proxy contract (ours or a port) against a fake Saleschat.',
  arguments: '<base-url>',
  positionals: { min: 1, max: 1 },
  description: `Acts as two CRM users on the proxy at <base-url> (with its base path) and checks the
contract: the error shape and codes, CSRF and Origin refusals, the body limit, magic-link reuse,
one contact create under concurrent clicks, RATE_LIMITED with retryAfterMs, reassignment, and that
no answer holds a phone number or a token. Upstream calls are counted through the fake's /__admin
API: point the proxy at the fake named by --fake-url, or at the one this command starts on
--fake-port (organisation and token: the fake's defaults). Both users must be linked to Saleschat
users, and --lead-fresh must be a lead both may see, without a contact yet. Exits 1 when a check
fails.`,
  options: {
    'fake-url': {
      type: 'string',
      valueName: 'url',
      description: 'A running fake Saleschat the proxy uses. Default: one started here.',
    },
    'fake-port': {
      type: 'int',
      valueName: 'n',
      min: 1,
      max: 65_535,
      default: Number(FAKE_CLI_OPTIONS.port.default),
      description: 'Where the fake started here listens.',
    },
    'user-a-cookie': {
      type: 'string',
      valueName: 'cookie',
      description: "The first user's Cookie header.",
    },
    'user-a-token': {
      type: 'string',
      valueName: 'jwt',
      description: "The first user's bearer token.",
    },
    'user-b-cookie': {
      type: 'string',
      valueName: 'cookie',
      description: "The second user's Cookie header.",
    },
    'user-b-token': {
      type: 'string',
      valueName: 'jwt',
      description: "The second user's bearer token.",
    },
    'lead-fresh': {
      type: 'string',
      valueName: 'id',
      description: 'A lead both users may see, with no contact yet. Required.',
    },
    'lead-denied': {
      type: 'string',
      valueName: 'id',
      description: 'A lead the first user may not see. Required.',
    },
    'lead-missing': {
      type: 'string',
      valueName: 'id',
      description: 'A lead id the CRM does not know. Default: verify-proxy-no-such-lead.',
    },
    json: { type: 'boolean', description: 'Print the checks as JSON.' },
  },
  uses: [],
  examples: [
    'saleschat-kit verify-proxy http://127.0.0.1:8000/api/saleschat --fake-url http://127.0.0.1:4010 --user-a-token "$A" --user-b-token "$B" --lead-fresh L-100 --lead-denied L-200',
    'saleschat-kit verify-proxy https://crm.test/api/saleschat --user-a-cookie "sessionid=…" --user-b-cookie "sessionid=…" --lead-fresh 7 --lead-denied 8 --json',
  ],

  async run({ args, values, out }) {
    const users: [Credential, Credential] = [
      credential('a', values['user-a-cookie'], values['user-a-token']),
      credential('b', values['user-b-cookie'], values['user-b-token']),
    ];
    const fresh = values['lead-fresh'];
    const denied = values['lead-denied'];
    if (!fresh || !denied)
      throw new CliError(
        'Give --lead-fresh and --lead-denied: leads whose outcome is known.',
        EXIT.usage,
      );
    out.addSecrets(users.flatMap((user) => ('token' in user ? [user.token] : [user.cookie])));
    const started = values['fake-url']
      ? undefined
      : await startFakeSaleschatServer({ port: values['fake-port'] }).catch((error: Error) => {
          throw new CliError(
            `Cannot start the fake on port ${values['fake-port']}: ${error.message}. Fix: pass --fake-url or another --fake-port.`,
          );
        });
    try {
      const results = await runConformance({
        baseUrl: args[0] as string,
        fakeUrl: values['fake-url'] ?? (started?.url as string),
        users,
        leads: { fresh, denied, missing: values['lead-missing'] ?? 'verify-proxy-no-such-lead' },
      });
      const failed = results.filter((result) => !result.ok).length;
      if (values.json) out.json({ ok: failed === 0, checks: results });
      else {
        const width = Math.max(...results.map((result) => result.name.length));
        for (const result of results) {
          out.line(`${result.ok ? 'pass' : 'FAIL'}  ${result.name.padEnd(width)}  ${result.why}`);
        }
        out.line(
          failed === 0
            ? `All ${results.length} checks pass.`
            : `${failed} of ${results.length} checks fail.`,
        );
      }
      return failed === 0 ? EXIT.ok : EXIT.failed;
    } finally {
      await started?.close();
    }
  },
});
