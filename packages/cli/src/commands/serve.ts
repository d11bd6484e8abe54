import { EXIT, defineCommand } from '../command';
import { requireSaleschat } from '../resolveConfig';
import { resolveServeConfig } from '../serve/resolveServeConfig';
import { startServe } from '../serve/startServe';

export const serve = defineCommand({
  name: 'serve',
  summary: 'Run the proxy as its own HTTP service, beside a CRM backend in any language.',
  arguments: '',
  positionals: { min: 0, max: 0 },
  description: `Serves the proxy's routes (login, chat, me) under the base path, with /healthz,
/readyz and /metrics, one JSON log line per request. /metrics is the Prometheus text format
(requests by route and outcome, Saleschat calls, store operations, rate-budget waits, pending
leads): on by default, on the same port, like /healthz; --metrics-token-file makes it require a
bearer token, for a port reachable beyond your scrapers. Callers are identified by a short-lived
JWT the CRM backend mints for its signed-in user (HS256 with SALESCHAT_KIT_JWT_SECRET, or
RS256/EdDSA with SALESCHAT_KIT_JWKS_URL; the CRM user id in "sub"), or by forwarding their
cookie to SALESCHAT_KIT_WHOAMI_URL. Leads come from GET {SALESCHAT_KIT_LEAD_URL}/{crmCustomerId},
signed with SALESCHAT_KIT_LEAD_SECRET (see the README for the host side). SIGTERM or Ctrl-C
stops it cleanly: requests under way finish and are recorded.`,
  options: {},
  uses: ['saleschat', 'store', 'serve'],
  examples: [
    'SALESCHAT_KIT_JWT_SECRET=… SALESCHAT_KIT_LEAD_URL=http://127.0.0.1:8000/saleschat/leads SALESCHAT_KIT_LEAD_SECRET=… saleschat-kit serve',
    'saleschat-kit serve --port 8787 --jwks-url https://crm.example/.well-known/jwks.json --jwt-issuer https://crm.example',
    'DATABASE_URL=postgres://kit@db/crm saleschat-kit serve --whoami-url http://127.0.0.1:8000/api/me',
    'saleschat-kit serve --host 0.0.0.0 --metrics-token-file /run/secrets/metrics-token    # Prometheus sends it as a bearer token',
  ],

  async run({ io, out, config, flags }) {
    const saleschat = requireSaleschat(config);
    const settings = resolveServeConfig(flags, io.env, io.cwd);
    out.addSecrets(settings.secrets);
    const running = await startServe({
      serve: settings,
      saleschat,
      store: config.store,
      writeLine: (line) => out.line(line),
    });
    // Runs until SIGTERM or Ctrl-C (bin.ts turns both into this signal).
    const { signal } = io;
    await new Promise<void>((resolve) => {
      if (signal?.aborted) resolve();
      else signal?.addEventListener('abort', () => resolve(), { once: true });
    });
    await running.close();
    return EXIT.ok;
  },
});
