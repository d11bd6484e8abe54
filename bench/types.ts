/** One measured figure: a row of the table and one key of the JSON output. */
export interface Figure {
  /** The JSON key, with its unit in the name (`core_min_gz_bytes`, `proxy_login_cached_ratio`). */
  key: string;
  /** Which part of the issue it belongs to (the table's first column). */
  section: string;
  /** What was measured, for the table. */
  label: string;
  /** The measured value; ignored when `missing` is set. */
  value: number;
  /** How the table prints `value` (`mib`: mebibytes, for resident memory; `us`: microseconds). */
  unit: 'bytes' | 'mib' | 'ms' | 'us' | 'count' | 'ratio' | 'rps' | 'seconds';
  /**
   * Why the figure could not be measured in this run (no PostgreSQL server could be started);
   * the table says so in its row, the JSON gives `null` and the reason under `not_measured`.
   * Default: absent, the figure was measured.
   */
  missing?: string;
  /** What the figure is measured against in the same run (a budget, a floor, a baseline). */
  reference?: string;
  /** The goal or budget in words (`≤ 2,000 B`); absent for figures that only inform. */
  goal?: string;
  /** Printed in the JSON only (the table shows it in another row's reference); default false. */
  jsonOnly?: boolean;
  /** Whether the figure misses its goal or budget; `false` or absent when it meets it. */
  over?: boolean;
  /** `process.version` of the Node that measured it; bench.ts sets it for every figure. */
  node?: string;
}

/**
 * The `<section>_errors_count` figure: how many answers failed, against a goal of none.
 * `reference` says what was not counted, where something was left out.
 */
export function errorCountFigure(
  section: string,
  label: string,
  errors: number,
  reference?: string,
): Figure {
  return {
    key: `${section}_errors_count`,
    section,
    label,
    value: errors,
    unit: 'count',
    ...(reference === undefined ? {} : { reference }),
    goal: '= 0',
    over: errors > 0,
  };
}

/**
 * Figures of the PostgreSQL store, from the same code that measures the embedded one: `_pg`
 * after the key's first word (`proxy_login_cached_ratio` → `proxy_pg_login_cached_ratio`) and
 * `, PostgreSQL` after the section.
 */
export function onPostgres(figures: readonly Figure[]): Figure[] {
  return figures.map((figure) => ({
    ...figure,
    key: figure.key.replace(/^([a-z0-9]+)_/, '$1_pg_'),
    section: `${figure.section}, PostgreSQL`,
  }));
}

/**
 * Figures that could not be measured, one per key, each with the reason (see `Figure.missing`):
 * the table and the JSON still show which figures this run lacks, and why.
 */
export function notMeasured(
  reason: string,
  figures: readonly Pick<Figure, 'key' | 'section' | 'label' | 'unit' | 'goal'>[],
): Figure[] {
  return figures.map(({ key, section, label, unit, goal }) => ({
    key,
    section,
    label,
    unit,
    ...(goal === undefined ? {} : { goal }),
    value: Number.NaN,
    missing: reason,
  }));
}

/** A section's result: its figures, and notes on how they were taken. */
export interface SectionResult {
  figures: Figure[];
  notes: string[];
}
