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
  });

  it('reads --json and --no-build', () => {
    expect(parseBenchArgs(['--json', '--no-build'])).toMatchObject({ json: true, build: false });
  });

  it('names what is wrong with a bad option', () => {
    expect(() => parseBenchArgs(['--soak'])).toThrow(/Unknown option "--soak"/);
    expect(() => parseBenchArgs(['--soak-seconds', '0'])).toThrow(
      /--soak-seconds needs a whole number/,
    );
    expect(() => parseBenchArgs(['--soak-seconds'])).toThrow(/--soak-seconds needs a whole number/);
    expect(() => parseBenchArgs(['--only', 'bundle,sizes'])).toThrow(/got "sizes"/);
  });
});
