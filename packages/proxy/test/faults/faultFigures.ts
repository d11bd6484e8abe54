import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One measured figure of the fault suite. */
export interface Figure {
  /** The store it was measured on ('embedded SQLite', 'PostgreSQL'). */
  store: string;
  /** What was measured, e.g. 'created upstream / mapped / pending / stuck'. */
  figure: string;
  value: string | number;
  /** What the issue asks for, when it names a goal. */
  goal?: string;
}

/** Each test file's figures, one JSON file per file, so files running in parallel never clash. */
const SECTIONS_DIR = join(tmpdir(), 'saleschat-kit-fault-figures');
/** Every section together: what the closing note of issue 12 quotes. */
export const FIGURES_FILE = join(tmpdir(), 'saleschat-kit-fault-figures.json');

interface Section {
  measuredAt: string;
  figures: Figure[];
}

/**
 * Records a test file's figures, then writes every section recorded so far (the other files'
 * from this run, or the last run they had) to `FIGURES_FILE` and prints them as one table.
 */
export function recordFigures(section: string, figures: readonly Figure[]): void {
  mkdirSync(SECTIONS_DIR, { recursive: true });
  const own: Section = { measuredAt: new Date().toISOString(), figures: [...figures] };
  writeFileSync(join(SECTIONS_DIR, `${section}.json`), JSON.stringify(own, null, 2));
  const sections: Record<string, Section> = {};
  for (const file of readdirSync(SECTIONS_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort()) {
    sections[file.replace(/\.json$/, '')] = JSON.parse(
      readFileSync(join(SECTIONS_DIR, file), 'utf8'),
    ) as Section;
  }
  writeFileSync(FIGURES_FILE, JSON.stringify(sections, null, 2));

  const rows = Object.entries(sections).flatMap(([name, { measuredAt, figures: each }]) =>
    each.map((figure) => [
      `${name} (${measuredAt.slice(11, 19)})`,
      figure.store,
      figure.figure,
      String(figure.value),
      figure.goal ?? '',
    ]),
  );
  const header = ['suite (UTC)', 'store', 'figure', 'value', 'goal'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] as string).length)),
  );
  const line = (cells: string[]) =>
    cells.map((cell, column) => cell.padEnd(widths[column] as number)).join(' | ');
  console.log(
    [
      `Fault suite figures (also in ${FIGURES_FILE}):`,
      line(header),
      widths.map((width) => '-'.repeat(width)).join('-|-'),
      ...rows.map(line),
    ].join('\n'),
  );
}
