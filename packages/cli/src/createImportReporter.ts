import type { Output } from './createOutput';
import type { UserOutcome, UserResult } from './importUsers';

/** `4s`, `1m 05s`, `2h 03m`: short enough for a progress line. */
function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

export type ReportMode = 'tty' | 'plain' | 'json';

/** How the output looks: a bar on a terminal, a line per row in a pipe, JSON lines with `--json`. */
export function reportModeOf(out: Output, json: boolean): ReportMode {
  if (json) return 'json';
  return out.stderrIsTTY ? 'tty' : 'plain';
}

const LABELS: Record<UserOutcome['status'], string> = {
  created: 'created',
  linked: 'already linked',
  unverified: 'created, not verified',
  'not-in-org': 'created, NOT IN ORG',
  unconfirmed: 'FAILED: created earlier, id unknown',
  failed: 'FAILED',
  'would-create': 'would create',
  interrupted: 'interrupted',
};

function upstreamOf(outcome: UserOutcome): string {
  return 'saleschat' in outcome && outcome.saleschat
    ? ` [Saleschat ${outcome.saleschat.code} ${outcome.saleschat.message}]`
    : '';
}

function describe(result: UserResult): string {
  const { outcome } = result;
  const id = 'scUserId' in outcome ? `  sc_user_id=${outcome.scUserId}` : '';
  const message = 'message' in outcome ? `${upstreamOf(outcome)} ${outcome.message}` : '';
  const maybe =
    outcome.status === 'interrupted' && outcome.maybeCreated
      ? ' (an attempt got no answer: Saleschat may have created the user)'
      : '';
  return `line ${result.line}  ${result.crmUserId}  ${LABELS[outcome.status]}${id}${message}${maybe}`;
}

export interface ImportReporter {
  start(counts: { total: number; alreadyLinked: number; toCreate: number }): void;
  row(result: UserResult): void;
  retry(retry: { line: number; crmUserId: string; attempt: number; reason: string }): void;
  /** Ctrl-C: says what happens now. */
  stopping(): void;
  finish(summary: {
    results: readonly UserResult[];
    interrupted: boolean;
    elapsedMs: number;
    dryRun: boolean;
  }): void;
}

const PROBLEMS = new Set<UserOutcome['status']>([
  'unverified',
  'not-in-org',
  'unconfirmed',
  'failed',
]);

export function createImportReporter(
  out: Output,
  mode: ReportMode,
  { verbose = false, now = () => performance.now() } = {},
): ImportReporter {
  let total = 0;
  let toCreate = 0;
  let done = 0;
  let startedAt = now();
  let lastDraw = 0;
  let barShown = false;
  const counts = { created: 0, linked: 0, failed: 0 };

  function bar(): string {
    const elapsed = (now() - startedAt) / 1000;
    const rate = elapsed > 0 ? done / elapsed : 0;
    const remaining = toCreate - done;
    const eta = done >= 3 && rate > 0 ? formatDuration((remaining / rate) * 1000) : '--';
    const finished = counts.created + counts.linked + counts.failed;
    const stats = `${finished}/${total}  created ${counts.created} · linked ${counts.linked} · failed ${counts.failed}  ${rate.toFixed(1)}/s  ETA ${eta}`;
    const width = Math.max(10, Math.min(30, out.columns - stats.length - 4));
    const filled = total === 0 ? width : Math.round((finished / total) * width);
    return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${stats}`;
  }

  function draw(force = false): void {
    if (mode !== 'tty') return;
    const at = now();
    if (!force && at - lastDraw < 100) return;
    lastDraw = at;
    out.errorRaw(`\r\x1b[2K${bar()}`);
    barShown = true;
  }

  function clearBar(): void {
    if (mode === 'tty' && barShown) {
      out.errorRaw('\r\x1b[2K');
      barShown = false;
    }
  }

  /** A line above the bar (the bar is redrawn under it). */
  function above(text: string): void {
    clearBar();
    out.error(text);
    draw(true);
  }

  return {
    start(start) {
      total = start.total;
      toCreate = start.toCreate;
      startedAt = now();
      if (mode === 'json') out.json({ event: 'start', ...start });
      else {
        const line = `${start.total} rows: ${start.alreadyLinked} already linked, ${start.toCreate} to create.`;
        if (mode === 'tty') above(line);
        else out.line(line);
      }
    },
    row(result) {
      const { outcome } = result;
      if (outcome.status === 'created' || outcome.status === 'unverified') counts.created++;
      else if (outcome.status === 'linked') counts.linked++;
      else if (outcome.status === 'would-create') counts.created++;
      else counts.failed++;
      if (outcome.status !== 'linked') done++;
      if (mode === 'json') {
        const { outcome: _outcome, ...row } = result;
        out.json({ event: 'row', ...row, ...outcome });
      } else if (mode === 'plain') out.line(describe(result));
      else if (PROBLEMS.has(outcome.status)) above(describe(result));
      else draw();
    },
    retry(retry) {
      if (!verbose) return;
      const text = `line ${retry.line}  ${retry.crmUserId}  retrying after attempt ${retry.attempt}: ${retry.reason}`;
      if (mode === 'json') out.json({ event: 'retry', ...retry });
      else if (mode === 'tty') above(text);
      else out.error(text);
    },
    stopping() {
      const text =
        'Stopping: no new rows start; the requests under way finish and are recorded. Press Ctrl-C again to quit at once.';
      if (mode === 'json') out.json({ event: 'stopping' });
      else if (mode === 'tty') above(text);
      else out.error(text);
    },
    finish({ results, interrupted, elapsedMs, dryRun }) {
      clearBar();
      const tally = new Map<UserOutcome['status'], number>();
      for (const result of results) {
        tally.set(result.outcome.status, (tally.get(result.outcome.status) ?? 0) + 1);
      }
      const n = (status: UserOutcome['status']) => tally.get(status) ?? 0;
      const created = n('created') + n('unverified') + n('not-in-org');
      const notStarted = results.filter(
        (result) => result.outcome.status === 'interrupted' && !result.outcome.maybeCreated,
      ).length;
      const failed =
        n('failed') + n('unconfirmed') + n('not-in-org') + n('interrupted') - notStarted;
      const seconds = elapsedMs / 1000;
      const rowsPerSecond = seconds > 0 ? created / seconds : 0;
      if (mode === 'json') {
        out.json({
          event: 'summary',
          dryRun,
          interrupted,
          total: results.length,
          created,
          alreadyLinked: n('linked'),
          wouldCreate: n('would-create'),
          failed,
          notAddedToOrg: n('not-in-org'),
          createdIdUnknown: n('unconfirmed'),
          unverified: n('unverified'),
          notStarted,
          elapsedMs: Math.round(elapsedMs),
          rowsPerSecond: Number(rowsPerSecond.toFixed(2)),
        });
        return;
      }
      if (dryRun) {
        out.line(
          `Dry run: ${n('would-create')} would be created, ${n('linked')} already linked. Nothing was sent to Saleschat or written.`,
        );
        return;
      }
      const attention = results.filter(
        (result) =>
          PROBLEMS.has(result.outcome.status) ||
          (result.outcome.status === 'interrupted' && result.outcome.maybeCreated),
      );
      if (attention.length > 0 && mode === 'tty') {
        // The bar mode printed them as they came; repeat them where the summary is read.
        out.line('Rows that need attention:');
        for (const result of attention) out.line(`  ${describe(result)}`);
      }
      out.line(
        `${interrupted ? 'Interrupted' : 'Done'} in ${formatDuration(elapsedMs)}: ${results.length} rows — ${created} created (${rowsPerSecond.toFixed(1)} rows/s), ${n('linked')} already linked, ${failed} failed${notStarted > 0 ? `, ${notStarted} not started` : ''}.`,
      );
      if (n('not-in-org') > 0) {
        out.line(
          `${n('not-in-org')} user(s) were created but not added to the organisation: add them by hand in Saleschat (their links are recorded).`,
        );
      }
      if (n('unconfirmed') > 0) {
        out.line(
          `${n('unconfirmed')} user(s) exist in Saleschat but their ids are unknown: link each by hand with \`saleschat-kit users link\`.`,
        );
      }
      if (interrupted || failed > 0) {
        out.line(
          'Run the same command again to resume: linked rows are skipped, the others are tried again.',
        );
      }
    },
  };
}
