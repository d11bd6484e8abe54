/** One measured figure: a row of the table and one key of the JSON output. */
export interface Figure {
  /** The JSON key, with its unit in the name (`core_min_gz_bytes`, `proxy_login_cached_ratio`). */
  key: string;
  /** Which part of the issue it belongs to (the table's first column). */
  section: string;
  /** What was measured, for the table. */
  label: string;
  value: number;
  /** How the table prints `value`. */
  unit: 'bytes' | 'ms' | 'count' | 'ratio' | 'rps' | 'seconds';
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

/** A section's result: its figures, and notes on how they were taken. */
export interface SectionResult {
  figures: Figure[];
  notes: string[];
}
