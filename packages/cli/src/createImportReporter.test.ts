import { describe, expect, it } from 'vitest';
import { captureIo } from '../test/captureIo';
import { createImportReporter } from './createImportReporter';
import { createOutput } from './createOutput';
import type { UserResult } from './importUsers';

const created = (index: number): UserResult => ({
  line: index + 2,
  crmUserId: `crm-${index}`,
  email: `u${index}@example.com`,
  outcome: { status: 'created', scUserId: `sc-${index}` },
});

describe('createImportReporter', () => {
  it('draws a progress bar with counts, rate and ETA on a terminal, and prints problems above it', () => {
    const io = captureIo({}, { tty: true });
    let clock = 0;
    const reporter = createImportReporter(createOutput(io), 'tty', { now: () => clock });
    reporter.start({ total: 100, alreadyLinked: 20, toCreate: 80 });
    for (let index = 0; index < 20; index++) {
      reporter.row({ ...created(index), outcome: { status: 'linked', scUserId: `sc-${index}` } });
    }
    for (let index = 20; index < 40; index++) {
      clock += 100;
      reporter.row(created(index));
    }
    clock += 100;
    reporter.row({
      ...created(40),
      outcome: {
        status: 'failed',
        message: 'Nope.',
        saleschat: { code: 4000001, message: 'INVALID_INPUT' },
        maybeCreated: false,
      },
    });

    const frames = io.stderr.text.split('\r\x1b[2K');
    expect(frames.at(-1)).toBe(
      '[████████████░░░░░░░░░░░░░░░░░░] 41/100  created 20 · linked 20 · failed 1  10.0/s  ETA 6s',
    );
    expect(io.stderr.text).toContain(
      'line 42  crm-40  FAILED [Saleschat 4000001 INVALID_INPUT] Nope.\n',
    );
    expect(io.stdout.text).toBe('');

    reporter.finish({
      results: [
        created(0),
        { ...created(40), outcome: { status: 'failed', message: 'Nope.', maybeCreated: false } },
      ],
      interrupted: false,
      elapsedMs: 2000,
      dryRun: false,
    });
    expect(io.stdout.text).toBe(
      [
        'Rows that need attention:',
        '  line 42  crm-40  FAILED Nope.',
        'Done in 2s: 2 rows — 1 created (0.5 rows/s), 0 already linked, 1 failed.',
        'Run the same command again to resume: linked rows are skipped, the others are tried again.',
        '',
      ].join('\n'),
    );
  });

  it('prints one plain line per row when the output is not a terminal', () => {
    const io = captureIo({});
    const reporter = createImportReporter(createOutput(io), 'plain');
    reporter.start({ total: 1, alreadyLinked: 0, toCreate: 1 });
    reporter.row(created(0));
    expect(io.stdout.text).toBe(
      '1 rows: 0 already linked, 1 to create.\nline 2  crm-0  created  sc_user_id=sc-0\n',
    );
    expect(io.stderr.text).toBe('');
  });
});
