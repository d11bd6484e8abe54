import { SALESCHAT_FIELD_LIMITS, SALESCHAT_RATE_LIMITS } from '@saleschat-kit/saleschat-client';
import { CliError, EXIT, defineCommand } from '../command';
import { checkSaleschatAccess, createCliApi } from '../createCliApi';
import { createImportReporter, reportModeOf } from '../createImportReporter';
import { FAILED_STATUSES, importUsers } from '../importUsers';
import { openReadyStore } from '../openReadyStore';
import { readRowsFile } from '../readRowsFile';
import { requireSaleschat } from '../resolveConfig';
import { USER_ROWS } from '../validateUserRows';

export const usersImport = defineCommand({
  name: 'users import',
  summary: 'Create a Saleschat user for each CRM user in a file, and link them.',
  arguments: '<file.csv|file.json>',
  positionals: { min: 1, max: 1 },
  description: `Reads rows of crm_user_id, email, first_name, last_name and an optional password
(a CSV with a header line, or a JSON array of objects). Every row is checked first — email,
names of at most ${SALESCHAT_FIELD_LIMITS.userName} characters, a password of ${SALESCHAT_FIELD_LIMITS.passwordMin} to
${SALESCHAT_FIELD_LIMITS.passwordMax}, no CRM user id or email twice — and
nothing is sent if any row is wrong. Then each row not yet linked gets a Saleschat user, whose
id is recorded at once. Rows without a password get a strong random one, never shown or kept
(agents log in through the kit's magic links).

Safe to run again: linked rows are skipped. Ctrl-C stops starting rows, lets the requests under
way finish and records them; run the same command to resume. Requests are paced at Saleschat's
${SALESCHAT_RATE_LIMITS.requestsPerSecond} per second; 429, 5xx, timeouts and lost connections are retried with backoff. A create is
never sent twice for a user Saleschat made: a retry of an unanswered create is answered 4090001
(the email is taken) if the first one worked, and the row is then reported as "created earlier,
id unknown" for you to link by hand. Each new user is checked to be in the organisation
(Saleschat documents that, sometimes, it is not).

Exit code: 0 when every row is created or linked, 1 when a row failed, 2 when the file or the
command line is wrong (nothing sent), 130 when interrupted.`,
  options: {
    'dry-run': {
      type: 'boolean',
      description: 'Check the file and show what would happen; send nothing.',
    },
    format: {
      type: 'string',
      valueName: 'csv|json',
      choices: ['csv', 'json'],
      description: 'File format. Default: from the file name (.json is JSON, anything else CSV).',
    },
    rate: {
      type: 'int',
      valueName: 'n',
      min: 1,
      max: 10_000,
      default: SALESCHAT_RATE_LIMITS.requestsPerSecond,
      description: "Requests per second per Saleschat endpoint (the default is Saleschat's limit).",
    },
    concurrency: {
      type: 'int',
      valueName: 'n',
      min: 1,
      max: 200,
      default: 10,
      description: 'Rows under way at once.',
    },
    'timeout-ms': {
      type: 'int',
      valueName: 'ms',
      min: 1,
      max: 600_000,
      default: 30_000,
      description: 'Time to wait for each Saleschat answer.',
    },
    'max-attempts': {
      type: 'int',
      valueName: 'n',
      min: 1,
      max: 50,
      default: 6,
      description: 'Attempts per row on 429, 5xx and timeouts.',
    },
    'retry-delay-ms': {
      type: 'int',
      valueName: 'ms',
      min: 0,
      max: 600_000,
      default: 500,
      description: 'First retry delay, doubled each attempt.',
    },
    'skip-org-check': {
      type: 'boolean',
      description:
        'Do not check that new users are in the organisation (saves one request per user).',
    },
    json: {
      type: 'boolean',
      description: 'Print one JSON line per event (start, row, summary) instead of text.',
    },
    verbose: { type: 'boolean', description: "Also print each retry and the client's warnings." },
  },
  uses: ['saleschat', 'store'],
  examples: [
    'saleschat-kit users import agents.csv --dry-run',
    'SALESCHAT_API_TOKEN=… SALESCHAT_ORG_ID=org_123 saleschat-kit users import agents.csv',
    'saleschat-kit users import agents.json --json > import-log.jsonl',
    'DATABASE_URL=postgres://kit@db/crm saleschat-kit users import agents.csv',
  ],

  async run(context) {
    const { values, io, out, config } = context;
    const dryRun = values['dry-run'];
    const mode = reportModeOf(out, values.json);

    // 1. The whole file is checked before anything else happens.
    const read = await readRowsFile(USER_ROWS, context);
    if (!read) return EXIT.usage;
    if (read.ignoredColumns.length > 0 && mode !== 'json') {
      out.error(
        `Ignoring column(s) this command does not read: ${read.ignoredColumns.join(', ')}.`,
      );
    }

    // 2. Saleschat must accept the token before the first create.
    let api;
    if (!dryRun) {
      const saleschat = requireSaleschat(config);
      api = createCliApi({
        ...saleschat,
        rate: values.rate,
        timeoutMs: values['timeout-ms'],
        onLog: values.verbose ? (line) => out.error(line) : undefined,
      });
      const access = await checkSaleschatAccess(api, saleschat.baseUrl);
      if (!access.ok) throw new CliError(`${access.message}\nFix: ${access.fix}`, EXIT.failed);
    }

    const store = await openReadyStore(config.store);
    const reporter = createImportReporter(out, mode, { verbose: values.verbose });
    const onAbort = () => reporter.stopping();
    io.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const result = await importUsers({
        rows: read.rows,
        store,
        api,
        concurrency: values.concurrency,
        maxAttempts: values['max-attempts'],
        retryDelayMs: values['retry-delay-ms'],
        verify: !values['skip-org-check'],
        dryRun,
        signal: io.signal,
        onStart: (counts) => reporter.start(counts),
        onRow: (row) => reporter.row(row),
        onRetry: (retry) => reporter.retry(retry),
      });
      reporter.finish({ ...result, dryRun });
      if (result.interrupted) return EXIT.interrupted;
      return result.results.some((row) => FAILED_STATUSES.has(row.outcome.status))
        ? EXIT.failed
        : EXIT.ok;
    } finally {
      io.signal?.removeEventListener('abort', onAbort);
      await store.close();
    }
  },
});
