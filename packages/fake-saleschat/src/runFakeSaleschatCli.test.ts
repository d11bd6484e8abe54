import { describe, expect, it } from 'vitest';
import { formatUsage, parseCliArgs, runFakeSaleschatCli } from './runFakeSaleschatCli';

describe('parseCliArgs', () => {
  it("defaults to $PORT, then 4010, on loopback, with the fake's own token, org and rate", () => {
    expect(parseCliArgs([], {})).toEqual({
      port: 4010,
      host: '127.0.0.1',
      token: 'fake-saleschat-token',
      orgId: 'org_fake',
      rate: 10,
      help: false,
    });
    expect(parseCliArgs([], { PORT: '5000' }).port).toBe(5000);
  });

  it('reads every flag, --port over $PORT', () => {
    expect(
      parseCliArgs(
        ['--port', '0', '--host', '0.0.0.0', '--token', 't', '--org', 'o', '--rate', '3'],
        { PORT: '5000' },
      ),
    ).toEqual({ port: 0, host: '0.0.0.0', token: 't', orgId: 'o', rate: 3, help: false });
  });

  it.each([
    [['--port', 'abc'], /--port must be a number from 0 to 65535, not "abc"/],
    [['--port', '70000'], /--port must be/],
    [['--rate', '0'], /--rate must be a number from 1 to 100000, not "0"/],
    [['--prot', '1'], /Unknown option '--prot'[\s\S]*Usage: fake-saleschat/],
    [['extra'], /Usage: fake-saleschat/],
  ])('refuses %j with a TypeError that shows the usage', (argv, message) => {
    expect(() => parseCliArgs(argv, {})).toThrow(message);
  });
});

describe('runFakeSaleschatCli', () => {
  function capture() {
    const lines: string[] = [];
    const errors: string[] = [];
    return {
      lines,
      errors,
      io: { out: (line: string) => lines.push(line), error: (line: string) => errors.push(line) },
    };
  }

  it('prints its usage, with every default, under the name it is given', async () => {
    const { lines, io } = capture();
    expect(
      await runFakeSaleschatCli(['--help'], { ...io, env: {}, name: 'saleschat-kit fake' }),
    ).toBe(0);
    expect(lines.join('\n')).toBe(formatUsage('saleschat-kit fake'));
    expect(lines.join('\n')).toMatch(/^Usage: saleschat-kit fake \[options\]/);
    expect(lines.join('\n')).toMatch(
      /--token <token> +Bearer token the fake accepts\. Default: fake-saleschat-token\./,
    );
  });

  it('exits 2 with the usage on a bad flag, and 1 when the port is taken', async () => {
    const bad = capture();
    expect(await runFakeSaleschatCli(['--port', 'x'], { ...bad.io, env: {} })).toBe(2);
    expect(bad.errors.join('\n')).toMatch(/Usage: fake-saleschat/);

    const controller = new AbortController();
    const first = capture();
    const running = runFakeSaleschatCli(['--port', '0'], {
      ...first.io,
      env: {},
      signal: controller.signal,
    });
    await expect.poll(() => first.lines[0] ?? '').toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    const port = /:(\d+) /.exec(first.lines[0] ?? '')?.[1] ?? '';
    const second = capture();
    expect(await runFakeSaleschatCli(['--port', port], { ...second.io, env: {} })).toBe(1);
    expect(second.errors.join('\n')).toMatch(/The fake could not start: .*EADDRINUSE/);
    controller.abort();
    expect(await running).toBe(0);
    expect(first.lines).toEqual([
      expect.stringMatching(
        /^Fake Saleschat listening on http:\/\/127\.0\.0\.1:\d+ \(organisation org_fake\)\. Ctrl-C stops it\.$/,
      ),
      expect.stringMatching(
        /^Use it with: SALESCHAT_BASE_URL=http:\/\/127\.0\.0\.1:\d+ SALESCHAT_ORG_ID=org_fake$/,
      ),
      "and SALESCHAT_API_TOKEN set to the fake's default token (fake-saleschat-token).",
      'Fake Saleschat stopped.',
    ]);
  });
});
