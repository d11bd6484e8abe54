import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const root = fileURLToPath(new URL('../..', import.meta.url));

/** A kit package of the workspace: its npm name, folder and `exports` map. */
export interface KitPackage {
  name: string;
  dir: string;
  exports: Record<string, Record<string, string> | string>;
}

/** Every package under packages/, as the README snippets import them. */
export function kitPackages(): KitPackage[] {
  return readdirSync(join(root, 'packages')).map((pkg) => {
    const dir = join(root, 'packages', pkg);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    return { name: manifest.name, dir, exports: manifest.exports ?? {} };
  });
}

/**
 * Where the snippets' other packages (express, react, msw, next, the OpenTelemetry SDK…) are
 * installed: the workspace packages that depend on them, searched in this order.
 */
export const MODULE_DIRS = [
  'apps/next-crm',
  // Before the proxy: the OpenTelemetry SDK and exporters at the one version the CLI uses.
  'packages/cli',
  'packages/proxy',
  'packages/react',
  'packages/fake-saleschat',
  '.',
].map((at) => join(root, at, 'node_modules'));
