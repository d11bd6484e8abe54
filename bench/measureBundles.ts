import { BUDGETS, measureBudget } from '../scripts/bundleSize.mjs';
import type { SectionResult } from './types';

/** scripts/bundleSize.mjs is plain JavaScript: this is what its measureBudget answers. */
const measureLine = measureBudget as (
  line: (typeof BUDGETS)[number],
) => Promise<{ missing: string[] } | { minified: number; gzip: number }>;

const bytes = new Intl.NumberFormat('en-US');

/** `core + react + ui + Radix` → `core_react_ui_radix`. */
const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

/**
 * Bundle cost to a host, min+gz, per line of scripts/bundleSize.mjs (the budgets `npm test`
 * checks), against its budget. Needs the packages built.
 */
export async function measureBundles(): Promise<SectionResult> {
  const figures: SectionResult['figures'] = [];
  for (const line of BUDGETS) {
    const result = await measureLine(line);
    if ('missing' in result) {
      throw new Error(
        `bundle: ${result.missing.join(', ')} not built; run without --no-build (or build first).`,
      );
    }
    const { minified, gzip } = result;
    const key = slug(line.name);
    figures.push(
      {
        key: `${key}_min_gz_bytes`,
        section: 'bundle',
        label: `${line.name}, min+gz`,
        value: gzip,
        unit: 'bytes',
        reference: `budget ${bytes.format(line.budget)} B`,
        goal: `≤ ${bytes.format(line.budget)} B`,
        over: gzip > line.budget,
      },
      {
        key: `${key}_min_bytes`,
        section: 'bundle',
        label: `${line.name}, min`,
        value: minified,
        unit: 'bytes',
        jsonOnly: true,
      },
    );
  }
  return {
    figures,
    notes: [
      'bundle: what a host bundle gains (esbuild, minified, gzip -9) on top of React, react-dom and TanStack Query, every export used; measured by scripts/bundleSize.mjs, the same code as `npm run check:size`.',
    ],
  };
}
