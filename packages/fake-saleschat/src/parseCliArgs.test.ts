import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './parseCliArgs';

describe('parseCliArgs', () => {
  it('defaults to $PORT, then 4010, on loopback', () => {
    expect(parseCliArgs([], {})).toEqual({
      port: 4010,
      host: '127.0.0.1',
      token: undefined,
      orgId: undefined,
    });
    expect(parseCliArgs([], { PORT: '5000' }).port).toBe(5000);
  });

  it('reads every flag, --port over $PORT', () => {
    expect(
      parseCliArgs(['--port', '0', '--host', '0.0.0.0', '--token', 't', '--org', 'o'], {
        PORT: '5000',
      }),
    ).toEqual({ port: 0, host: '0.0.0.0', token: 't', orgId: 'o' });
  });

  it.each([
    [['--port', 'abc'], /--port must be a number from 0 to 65535, not "abc"/],
    [['--port', '70000'], /--port must be/],
    [['--prot', '1'], /Unknown option '--prot'[\s\S]*Usage: fake-saleschat/],
    [['extra'], /Usage: fake-saleschat/],
  ])('refuses %j with a TypeError that shows the usage', (argv, message) => {
    expect(() => parseCliArgs(argv, {})).toThrow(message);
  });
});
