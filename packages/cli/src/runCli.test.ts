import { describe, expect, it } from 'vitest';
import { captureIo } from '../test/captureIo';
import { COMMANDS } from './runCli';
import { runCli } from './runCli';

async function run(args: string[]) {
  const io = captureIo({});
  const code = await runCli(args, io);
  return { code, stdout: io.stdout.text, stderr: io.stderr.text };
}

describe('runCli', () => {
  it.each(COMMANDS.map((command) => command.name))(
    'shows help with examples for %s',
    async (name) => {
      const viaFlag = await run([...name.split(' '), '--help']);
      expect(viaFlag.code).toBe(0);
      expect(viaFlag.stdout).toMatch(new RegExp(`^Usage: saleschat-kit ${name}`));
      const examples = viaFlag.stdout.split('Examples:\n')[1] ?? '';
      const lines = examples.split('\n').filter((line) => line.startsWith('  '));
      expect(lines.length).toBeGreaterThanOrEqual(2);
      expect(
        lines.filter((line) => line.includes(`saleschat-kit ${name}`)).length,
      ).toBeGreaterThanOrEqual(2);
      expect((await run(['help', ...name.split(' ')])).stdout).toBe(viaFlag.stdout);
    },
  );

  it('lists every command in the main help, and exits 2 without a command', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    for (const command of COMMANDS) expect(help.stdout).toContain(`  ${command.name} `);
    expect(help.stdout).toMatch(/SALESCHAT_API_TOKEN/);
    expect((await run([])).code).toBe(2);
  });

  it('refuses unknown commands, unknown options and wrong arguments with exit code 2 and a hint', async () => {
    const unknown = await run(['users', 'imprt', 'a.csv']);
    expect(unknown).toMatchObject({ code: 2 });
    expect(unknown.stderr).toMatch(
      /Unknown command: users imprt\. Did you mean: users import, users link, users list, users unlink\?/,
    );

    const option = await run(['users', 'list', '--frobnicate']);
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(
      /Unknown option '--frobnicate'[\s\S]*saleschat-kit users list --help/,
    );

    const args = await run(['users', 'link', 'only-one']);
    expect(args.code).toBe(2);
    expect(args.stderr).toMatch(/takes <crm_user_id> <sc_user_id>/);

    const number = await run(['users', 'import', 'x.csv', '--rate', 'fast']);
    expect(number.code).toBe(2);
    expect(number.stderr).toMatch(/--rate must be a whole number from 1 to 10000, not "fast"/);
  });

  it('prints its version', async () => {
    expect(await run(['--version'])).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/),
    });
  });

  it('reads the token from a file instead of a flag, and clears it from error output', async () => {
    const io = captureIo({});
    const code = await runCli(
      ['users', 'import', 'missing.csv', '--token-file', '/nonexistent/token'],
      io,
    );
    expect(code).toBe(2);
    expect(io.stderr.text).toMatch(/--token-file \/nonexistent\/token cannot be read \(ENOENT\)/);
    const flag = await run(['users', 'import', 'x.csv', '--token', 'abc']);
    expect(flag.stderr).toMatch(/Unknown option '--token'/);
  });
});
