#!/usr/bin/env node
// Brings a fresh machine (Node.js 20 and npm, nothing else) to the point where the tests and the
// demo run: dependencies from the lockfile through the pinned pnpm, then the Debian packages the
// tests need (PostgreSQL for the proxy's store tests, Chromium for the browser tests).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const wants = new Set(process.argv.slice(2)); // e.g. `bootstrap.mjs --no-system` for the demo

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(
      `bootstrap: \`${command} ${args.join(' ')}\` failed (exit ${result.status ?? result.signal})`,
    );
    process.exit(result.status ?? 1);
  }
}

run(process.execPath, [
  'scripts/pnpm.mjs',
  'install',
  '--frozen-lockfile',
  '--reporter=append-only',
]);

if (wants.has('--no-system')) process.exit(0);

/** Debian packages the test suite needs, each with how to tell it is already there. */
const systemPackages = [
  { name: 'postgresql', present: () => findPostgresBin('initdb') !== undefined },
  { name: 'chromium', present: () => existsSync('/usr/bin/chromium') },
];

const missing = systemPackages.filter((pkg) => !pkg.present()).map((pkg) => pkg.name);
if (missing.length > 0) {
  const isRoot = process.getuid?.() === 0;
  const prefix = isRoot ? [] : ['sudo', '-n'];
  console.log(`bootstrap: installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args) => {
    // Wait for another apt/dpkg run (e.g. unattended upgrades) instead of failing at once.
    const [cmd, ...rest] = [...prefix, 'apt-get', '-o', 'DPkg::Lock::Timeout=600', ...args];
    execFileSync(cmd, rest, { stdio: 'inherit', env });
  };
  try {
    apt(['update', '-qq']);
    apt(['install', '-y', '-qq', '--no-install-recommends', ...missing]);
  } catch {
    console.error(
      `bootstrap: could not install ${missing.join(', ')} with apt-get. ` +
        'Install them yourself (Debian/Ubuntu: apt-get install ' +
        missing.join(' ') +
        ') and run again.',
    );
    process.exit(1);
  }
}

/** Debian keeps PostgreSQL's server binaries out of PATH, under /usr/lib/postgresql/<major>/bin. */
function findPostgresBin(name) {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const majors = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  for (const major of majors) {
    const candidate = `${base}/${major}/bin/${name}`;
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}
