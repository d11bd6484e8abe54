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

/** The text of the block opened by the first `{` at or after `start`, braces balanced. */
function blockAt(start: number): string {
  const open = css.indexOf('{', start);
  let depth = 0;
  for (let index = open; index < css.length; index++) {
    if (css[index] === '{') depth++;
    if (css[index] === '}' && --depth === 0) return css.slice(open + 1, index);
  }
  throw new Error('unbalanced braces');
}

const rules = blocks.filter(({ selector }) => !/^(from|to|\d+%)$/.test(selector));
const palette = blocks.find(({ selector }) =>
  /^\.sc-btn,\s*\.sc-toaster,\s*\.sc-tooltip$/.test(selector),
);

describe('styles.css', () => {
  it('puts every rule in the saleschat-kit layer, so host classes win', () => {
    const trimmed = css.trim();
    expect(trimmed.startsWith('@layer saleschat-kit {')).toBe(true);
    expect(blockAt(0).length).toBe(trimmed.length - '@layer saleschat-kit {'.length - 1);
  });

  it("styles only the kit's own elements: never :root, html, body or a host element", () => {
    expect(css).not.toMatch(/:root|\bhtml\b|\bbody\b/);
    for (const { selector } of rules) {
      for (const part of selector.split(/,(?![^(]*\))/)) {
        expect(part.trim()).toMatch(/^(:is\()?\.sc-/);
      }
    }
  });

  it('writes the dark palette once: each default colour is one light-dark() pair', () => {
    expect(css).not.toContain('prefers-color-scheme');
    const colours = [...(palette?.body ?? '').matchAll(/(--_sc-[\w-]+):([^;]+);/g)].filter(
      ([, , value = '']) => /#|light-dark/.test(value),
    );
    expect(colours.length).toBeGreaterThanOrEqual(10);
    for (const [, name, value = ''] of colours) {
      expect(value, name).toMatch(/^\s*var\(--sc-[\w-]+,.*light-dark\(#\w+, #\w+\)\)\s*$/);
    }
    // No colour is written anywhere else: rules use the palette's variables.
    const elsewhere = rules.filter(
      (rule) => rule !== palette && /#[\da-f]{3,8}\b/i.test(rule.body),
    );
    expect(elsewhere.map(({ selector }) => selector)).toEqual([]);
  });

  it('uses logical properties only, so right-to-left pages mirror it', () => {
    const physical = css.match(
      /(^|[\s;{])(left|right|(margin|padding|border|inset)-(left|right|top|bottom)[\w-]*|width|height)\s*:/gm,
    );
    expect(physical).toBeNull();
  });

  it('turns off every animation and transition for people who ask for reduced motion', () => {
    const body = blockAt(css.indexOf('@media (prefers-reduced-motion: reduce)'));
    expect(body).toMatch(/transition:\s*none/);
    expect(body).toMatch(/animation:\s*none/);
    const animated = rules
      .filter(({ body }) => /\b(animation|transition):(?!\s*none)/.test(body))
      .filter(({ selector }) => !selector.startsWith('.sc-toast[data-swipe'))
      .map(({ selector }) => selector);
    expect(animated.sort()).toEqual(['.sc-btn', '.sc-spinner', '.sc-toast']);
    for (const selector of animated) expect(body).toContain(selector);
  });

  it('stacks the toasts and the tooltip through a variable and keeps toasts clickable under a modal', () => {
    expect(palette?.body).toMatch(/--_sc-z:\s*var\(--sc-z-toast,/);
    for (const selector of ['.sc-viewport', '.sc-tooltip']) {
      const rule = rules.find((candidate) => candidate.selector === selector);
      expect(rule?.body, selector).toMatch(/z-index:\s*var\(--_sc-z\)/);
    }
    const toast = rules.find(({ selector }) => selector === '.sc-toast');
    expect(toast?.body).toMatch(/pointer-events:\s*auto/);
  });

  it('makes every toast control at least 24 × 24 CSS px', () => {
    const controls = rules.find(({ selector }) =>
      /^\.sc-toast-btn,\s*\.sc-toast-close$/.test(selector),
    );
    expect(controls?.body).toMatch(/min-inline-size:\s*24px/);
    expect(controls?.body).toMatch(/min-block-size:\s*24px/);
  });
});
