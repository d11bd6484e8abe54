import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PALETTE } from './styles';

describe('@saleschat-kit/elements on a server', () => {
  it('imports without a DOM (SSR of a Vue, Nuxt or Angular page) and defines nothing', async () => {
    expect(typeof window).toBe('undefined');
    const elements = await import('./index');
    expect(typeof elements.configure).toBe('function');
  });
});

describe('the look', () => {
  it("uses @saleschat-kit/ui's palette, line for line", () => {
    const ui = readFileSync(new URL('../../ui/src/styles.css', import.meta.url), 'utf8');
    const lines = PALETTE.trim().split('\n');
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(ui).toContain(line);
  });
});
