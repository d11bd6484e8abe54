#!/usr/bin/env node
// Packs every publishable package the way `pnpm publish` would (publishConfig applied, workspace
// ranges replaced) and checks each tarball with publint and Are the Types Wrong. Run after build.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const packDir = join(root, '.pack');
rmSync(packDir, { recursive: true, force: true });
mkdirSync(packDir);

function run(command, args, cwd = root) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}`.trim() };
}

let failed = false;
for (const dir of readdirSync(join(root, 'packages'))) {
  const packageDir = join(root, 'packages', dir);
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  if (manifest.private) continue;

  const before = new Set(readdirSync(packDir));
  const pack = run(process.execPath, [
    join(root, 'scripts/pnpm.mjs'),
    '--dir',
    packageDir,
    'pack',
    '--pack-destination',
    packDir,
  ]);
  const tarball = readdirSync(packDir).find((file) => !before.has(file));
  if (!pack.ok || !tarball) {
    console.error(`packages: ${manifest.name}: pack failed\n${pack.output}`);
    failed = true;
    continue;
  }
  const tarballPath = join(packDir, tarball);
  const bin = (name) => join(root, 'node_modules/.bin', name);
  const publint = run(bin('publint'), ['run', tarballPath, '--strict']);
  // ESM-only on purpose (see README): CommonJS `require` of these packages is not a goal.
  // Stylesheets are entry points for bundlers, not modules with types: attw cannot resolve them.
  const cssEntries = Object.keys(manifest.exports ?? {}).filter((entry) => entry.endsWith('.css'));
  const attw = run(bin('attw'), [
    tarballPath,
    '--profile',
    'esm-only',
    '--format',
    'table-flipped',
    ...(cssEntries.length > 0 ? ['--exclude-entrypoints', ...cssEntries] : []),
  ]);
  for (const [tool, result] of [
    ['publint', publint],
    ['attw', attw],
  ]) {
    console.log(`packages: ${manifest.name}: ${tool} ${result.ok ? 'ok' : 'FAILED'}`);
    if (!result.ok) {
      console.error(result.output);
      failed = true;
    }
  }
}
process.exit(failed ? 1 : 0);
