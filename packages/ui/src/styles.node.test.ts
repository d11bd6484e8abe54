import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync(new URL('./styles.css', import.meta.url), 'utf8').replace(
  /\/\*[\s\S]*?\*\//g,
  '',
);

/** `selector { declarations }` blocks, innermost first (a media query's own rules included). */
const blocks = [...css.matchAll(/([^{}]+)\{([^{}]*)\}/g)].map(([, selector = '', body = '']) => ({
  selector: selector.trim(),
  body,
}));
const variablesOf = (body = '') =>
  [...body.matchAll(/(--sc-[\w-]+)\s*:/g)].map((m) => m[1] ?? '').sort();

describe('styles.css', () => {
  it('uses logical properties only, so right-to-left pages mirror it', () => {
    const physical = css.match(
      /(^|[\s;{])(left|right|(margin|padding|border|inset)-(left|right|top|bottom)[\w-]*|width|height)\s*:/gm,
    );
    expect(physical).toBeNull();
  });

  it('turns off every animation and transition for people who ask for reduced motion', () => {
    const reduced = css.slice(css.indexOf('@media (prefers-reduced-motion: reduce)'));
    const body = reduced.slice(0, reduced.indexOf('}\n}') + 1);
    expect(body).toMatch(/transition:\s*none/);
    expect(body).toMatch(/animation:\s*none/);
    const animated = blocks
      .filter(({ body }) => /\b(animation|transition):(?!\s*none)/.test(body))
      .filter(({ selector }) => !selector.startsWith('.sc-toast[data-swipe'))
      .map(({ selector }) => selector);
    expect(animated.sort()).toEqual(['.sc-btn', '.sc-spinner', '.sc-toast']);
    for (const selector of animated) expect(body).toContain(selector);
  });

  it('gives the dark theme a value for every colour the light theme sets', () => {
    const light = blocks.find(({ selector }) =>
      selector.startsWith(":where(:root, [data-sc-theme='light'])"),
    );
    const darks = blocks.filter(
      ({ selector }) =>
        selector.startsWith(':where(:root:not(') || selector === ":where([data-sc-theme='dark'])",
    );
    const colours = variablesOf(light?.body).filter(
      (name) => !['--sc-radius', '--sc-z-toast', '--sc-toast-width'].includes(name),
    );
    expect(darks).toHaveLength(2);
    for (const dark of darks) expect(variablesOf(dark.body)).toEqual(colours);
  });

  it('stacks the toasts through a variable and keeps them clickable under a modal', () => {
    const viewport = blocks.find(({ selector }) => selector === '.sc-viewport');
    const toast = blocks.find(({ selector }) => selector === '.sc-toast');
    expect(viewport?.body).toMatch(/z-index:\s*var\(--sc-z-toast\)/);
    expect(toast?.body).toMatch(/pointer-events:\s*auto/);
  });
});
