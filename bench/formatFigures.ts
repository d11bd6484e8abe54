import type { Figure } from './types';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A figure's value with its unit, as the table prints it. */
export function formatValue({
  value,
  unit,
  missing,
}: Pick<Figure, 'value' | 'unit' | 'missing'>): string {
  if (missing !== undefined) return '–';
  switch (unit) {
    case 'bytes':
      // Memory reads better in MiB; bundle sizes are compared byte for byte with their budgets.
      return value >= 1024 * 1024
        ? `${(value / 1024 / 1024).toFixed(1)} MiB`
        : `${integer.format(value)} B`;
    case 'mib':
      return `${value.toFixed(1)} MiB`;
    case 'ms':
      return `${value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0)} ms`;
    case 'us':
      return `${value.toFixed(1)} µs`;
    case 'ratio':
      return `${value.toFixed(2)}×`;
    case 'rps':
      return `${integer.format(value)} req/s`;
    case 'seconds':
      return `${integer.format(value)} s`;
    case 'count':
      return integer.format(value);
  }
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/**
 * One Markdown table of every figure (so it can be pasted into the README as is); a figure
 * over its budget or goal says `OVER`, and the last column names the Node that measured it.
 */
export function formatTable(figures: readonly Figure[]): string {
  const rows = figures
    .filter((figure) => !figure.jsonOnly)
    .map((figure) => [
      figure.section,
      figure.label,
      formatValue(figure),
      figure.missing === undefined ? (figure.reference ?? '') : `not measured: ${figure.missing}`,
      figure.goal ?? '',
      figure.goal === undefined || figure.missing !== undefined
        ? ''
        : figure.over
          ? '**OVER**'
          : 'ok',
      figure.node ?? '',
    ]);
  const header = ['part', 'figure', 'value', 'measured against', 'goal', '', 'node'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => cell(row[column] as string).length)),
  );
  const line = (row: readonly string[]) =>
    `| ${row.map((text, column) => cell(text).padEnd(widths[column] as number)).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join(
    '\n',
  );
}

/**
 * One JSON object: each figure's key → its value (ms and ratios to 3 decimals; `null` when it
 * could not be measured), plus `over_goal`, the keys of the figures over their budget or goal,
 * `not_measured`, each such key → why, and `node_versions`, each figure's key → the Node that
 * measured it.
 */
export function formatJson(figures: readonly Figure[]): string {
  const object: Record<string, number | null | string[] | Record<string, string>> = {};
  const nodeVersions: Record<string, string> = {};
  const missing: Record<string, string> = {};
  for (const figure of figures) {
    if (figure.missing !== undefined) {
      object[figure.key] = null;
      missing[figure.key] = figure.missing;
    } else {
      object[figure.key] = Number.isInteger(figure.value)
        ? figure.value
        : Math.round(figure.value * 1000) / 1000;
    }
    if (figure.node) nodeVersions[figure.key] = figure.node;
  }
  object.over_goal = figures
    .filter((figure) => figure.over && figure.missing === undefined)
    .map((figure) => figure.key);
  object.not_measured = missing;
  object.node_versions = nodeVersions;
  return JSON.stringify(object);
}
