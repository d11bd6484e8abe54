import { CliError, EXIT } from '../cliError';
import type { Command } from '../command';
import { checkSaleschatAccess } from '../checkSaleschatAccess';
import { createCliApi } from '../createCliApi';
import { createImportReporter, reportModeOf, reportProblems } from '../createImportReporter';
import { FAILED_STATUSES, importUsers } from '../importUsers';
import { intOption } from '../intOption';
import { openReadyStore } from '../openReadyStore';
import { readRowsFile, rowsFileArgument } from '../readRowsFile';
import { requireSaleschat } from '../resolveConfig';
import { REQUIRED_USER_COLUMNS, USER_COLUMNS, validateUserRows } from '../validateUserRows';

export const usersImport: Command = {
  name: 'users import',
  summary: 'Create a Saleschat user for each CRM user in a file, and link them.',
  arguments: '<file.csv|file.json>',
  positionals: { min: 1, max: 1 },
  description: `Reads rows of crm_user_id, email, first_name, last_name and an optional password
(a CSV with a header line, or a JSON array of objects). Every row is checked first — email,
names of at most 40 characters, a password of 8 to 32, no CRM user id or email twice — and
nothing is sent if any row is wrong. Then each row not yet linked gets a Saleschat user, whose
id is recorded at once. Rows without a password get a strong random one, never shown or kept
(agents log in through the kit's magic links).

Safe to run again: linked rows are skipped. Ctrl-C stops starting rows, lets the requests under
way finish and records them; run the same command to resume. Requests are paced at Saleschat's
10 per second; 429, 5xx, timeouts and lost connections are retried with backoff. A create is
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
      description: 'File format. Default: from the file name (.json is JSON, anything else CSV).',
    },
    rate: {
      type: 'string',
      valueName: 'n',
      description: "Requests per second per Saleschat endpoint. Default: 10 (Saleschat's limit).",
    },
    concurrency: {
      type: 'string',
      valueName: 'n',
      description: 'Rows under way at once. Default: 10.',
    },
    'timeout-ms': {
      type: 'string',
      valueName: 'ms',
      description: 'Time to wait for each Saleschat answer. Default: 30000.',
    },
    'max-attempts': {
      type: 'string',
      valueName: 'n',
      description: 'Attempts per row on 429, 5xx and timeouts. Default: 6.',
    },
    'retry-delay-ms': {
      type: 'string',
      valueName: 'ms',
      description: 'First retry delay, doubled each attempt. Default: 500.',
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

  async run({ args, values, io, out, config }) {
    const file = args[0] as string;
    const { path, format } = rowsFileArgument(file, io.cwd, values.format);
    const dryRun = values['dry-run'] === true;
    const rate = intOption(values, 'rate', 10, 1, 10_000);
    const concurrency = intOption(values, 'concurrency', 10, 1, 200);
    const timeoutMs = intOption(values, 'timeout-ms', 30_000, 1, 600_000);
    const maxAttempts = intOption(values, 'max-attempts', 6, 1, 50);
    const retryDelayMs = intOption(values, 'retry-delay-ms', 500, 0, 600_000);
    const verbose = values.verbose === true;
    const mode = reportModeOf(out, values.json === true);

    // 1. The whole file is checked before anything else happens.
    const read = await readRowsFile(path, format, USER_COLUMNS, REQUIRED_USER_COLUMNS);
    const checked = validateUserRows(read.rows);
    const problems = [...read.problems, ...checked.problems].sort((a, b) => a.line - b.line);
    if (problems.length > 0) {
      reportProblems(out, mode, file, problems);
      return EXIT.usage;
    }
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
        rate,
        timeoutMs,
        onLog: verbose ? (line) => out.error(line) : undefined,
      });
      const access = await checkSaleschatAccess(api, saleschat.baseUrl);
      if (!access.ok) throw new CliError(`${access.message}\nFix: ${access.fix}`, EXIT.failed);
    }

    const store = await openReadyStore(config.store);
    const reporter = createImportReporter(out, mode, { verbose });
    const onAbort = () => reporter.stopping();
    io.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const result = await importUsers({
        rows: checked.rows,
        store,
        api,
        concurrency,
        maxAttempts,
        retryDelayMs,
        verify: values['skip-org-check'] !== true,
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
};
