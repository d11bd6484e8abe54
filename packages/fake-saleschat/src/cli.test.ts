import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cliPath = fileURLToPath(new URL('./cli.ts', import.meta.url));

function run(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', cliPath, ...args], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: { ...process.env, PORT: '' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

describe('fake-saleschat CLI', () => {
  it('serves on the given port, prints only its URL, and stops cleanly on SIGTERM', async () => {
    const cli = run(['--port', '0', '--token', 'cli-secret-token', '--org', 'org_cli']);
    try {
      await expect
        .poll(cli.stdout, { timeout: 8000 })
        .toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
      const url = /http:\/\/[\d.:]+/.exec(cli.stdout())?.[0] ?? '';
      const response = await fetch(`${url}/v1/org/org_cli/user`, {
        method: 'POST',
        headers: { authorization: 'Bearer cli-secret-token' },
        body: JSON.stringify({
          email: 'a@b.co',
          password: 'password',
          first_name: 'A',
          last_name: 'B',
        }),
      });
      expect(response.status).toBe(200);
      cli.child.kill('SIGTERM');
      expect(await cli.exited).toBe(0);
      expect(cli.stdout() + cli.stderr()).not.toContain('cli-secret-token');
    } finally {
      cli.child.kill('SIGKILL');
    }
  });

  it('exits with status 2 and the usage on a bad flag', async () => {
    const cli = run(['--port', 'nope']);
    expect(await cli.exited).toBe(2);
    expect(cli.stderr()).toContain('Usage: fake-saleschat');
  });
});
