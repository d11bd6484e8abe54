#!/usr/bin/env node
// The bundle budgets of `npm test`: fails when a figure (see bundleSize.mjs) is over its budget.
// Run after the build.
import { BUDGETS, measureBudget } from './bundleSize.mjs';

let failed = false;
for (const line of BUDGETS) {
  const { missing, minified, gzip } = await measureBudget(line);
  if (missing) {
    console.error(`size: ${line.name}: ${missing.join(', ')} not built; run the build first`);
    failed = true;
    continue;
  }
  const over = gzip > line.budget;
  failed ||= over;
  console.log(
    `size: ${line.name.padEnd(24)} ${String(minified).padStart(7)} B min  ${String(gzip).padStart(6)} B min+gz  budget ${line.budget} B  ${over ? 'OVER BUDGET' : 'ok'}`,
  );
}
process.exit(failed ? 1 : 0);
