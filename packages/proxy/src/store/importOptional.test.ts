import type Pg from 'pg';
import { describe, expect, it } from 'vitest';
import { importOptional } from './importOptional';

describe('importOptional', () => {
  it('loads an installed package', async () => {
    const pg = await importOptional<{ default: typeof Pg }>(
      'pg',
      'The PostgreSQL store',
      '^8.11.0',
    );
    expect(typeof pg.default.Pool).toBe('function');
  });

  it('names the package and how to install it when it is not installed', async () => {
    // A real resolution that fails: no such package exists in this workspace.
    const missing = '@saleschat-kit/not-installed-engine';
    const error = await importOptional(missing, 'The test store', '^1.0.0').catch(
      (caught: Error) => caught,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(
      `The test store needs the "${missing}" package, which is not installed. Install it in the app that runs the proxy: npm install ${missing}@^1.0.0`,
    );
  });

  it('passes on other failures of a package that is there', async () => {
    // Installed, but its entry throws on load: not a missing package.
    await expect(
      importOptional('data:text/javascript,throw new SyntaxError("broken entry")', 'x', '1'),
    ).rejects.toThrow('broken entry');
  });
});
