import { describe, expect, it } from 'vitest';
import { parseBenchArgs, SECTIONS } from './parseBenchArgs';

describe('parseBenchArgs', () => {
  it('runs everything, built first, with a two-minute soak by default', () => {
    expect(parseBenchArgs([])).toEqual({
      json: false,
      quick: false,
      build: true,
      soakSeconds: 120,
      rounds: 10,
      proxyRounds: 5,
      only: [...SECTIONS],
      node: undefined,
      help: false,
    });
  });

  it('shortens every part with --quick', () => {
    expect(parseBenchArgs(['--quick'])).toMatchObject({
      quick: true,
      soakSeconds: 10,
      rounds: 3,
      proxyRounds: 1,
    });
  });

  it('takes --soak-seconds and --rounds as a separate or an inline value, over --quick', () => {
    expect(parseBenchArgs(['--quick', '--soak-seconds', '30', '--rounds=7'])).toMatchObject({
      soakSeconds: 30,
      rounds: 7,
    });
  });

  it('runs the sections --only names, in the bench order', () => {
    expect(parseBenchArgs(['--only', 'soak,bundle']).only).toEqual(['bundle', 'soak']);
    expect(parseBenchArgs(['--only', 'scale,telemetry,stores,proxy']).only).toEqual([
      'stores',
      'proxy',
      'telemetry',
      'scale',
    ]);
  });

  it('reads --json, --no-build, --help and the --node binary', () => {
    expect(
      parseBenchArgs(['--json', '--no-build', '--help', '--node', '/opt/node24/bin/node']),
    ).toMatchObject({ json: true, build: false, help: true, node: '/opt/node24/bin/node' });
  });

  it('names what is wrong with a bad option, with the usage', () => {
    expect(() => parseBenchArgs(['--soak'])).toThrow(/Unknown option '--soak'[\s\S]*Usage:/);
    expect(() => parseBenchArgs(['--soak-seconds', '0'])).toThrow(
      /--soak-seconds needs a whole number ≥ 1, got "0"/,
    );
    expect(() => parseBenchArgs(['--rounds=2.5'])).toThrow(/--rounds needs a whole number/);
    expect(() => parseBenchArgs(['--soak-seconds'])).toThrow(/'--soak-seconds <value>'/);
    expect(() => parseBenchArgs(['--only', 'bundle,sizes'])).toThrow(/got "sizes"/);
    expect(() => parseBenchArgs(['--only='])).toThrow(/--only takes a comma-separated list/);
    expect(() => parseBenchArgs(['soak'])).toThrow(/Unexpected argument 'soak'/);
  });
});
