/**
 * The elements' look, the same as @saleschat-kit/ui's styles.css, for their shadow roots.
 *
 * Shadow DOM (see the README): the host page's CSS (a `button {}` rule of Bootstrap or an old
 * theme) cannot reach inside, while custom properties inherit through the shadow boundary, so a
 * host themes the elements with the same `--sc-*` variables as the React components. The palette
 * lines are ui's, character for character (styles.node.test.ts holds them together); the rest is
 * ui's rules rewritten for the elements' markup. Written compactly: it ships in the bundle.
 *
 * Adopted as constructable stylesheets (`adoptedStyleSheets`), never as a `<style>` element, so a
 * strict Content-Security-Policy (`style-src 'self'`) does not block it.
 */
export const PALETTE = `
--_sc-fg: var(--sc-fg, light-dark(#1f2328, #e6edf3));
--_sc-bg: var(--sc-bg, light-dark(#fff, #161b22));
--_sc-muted: var(--sc-muted, light-dark(#59636e, #9198a1));
--_sc-border: var(--sc-border, light-dark(#d1d9e0, #3d444d));
--_sc-accent: var(--sc-accent, light-dark(#0969da, #4493f8));
--_sc-accent-fg: var(--sc-accent-fg, light-dark(#fff, #0d1117));
--_sc-hover: var(--sc-hover, light-dark(#0969da14, #4493f826));
--_sc-focus: var(--sc-focus, var(--_sc-accent));
--_sc-success: var(--sc-success, light-dark(#1a7f37, #3fb950));
--_sc-danger: var(--sc-danger, light-dark(#cf222e, #f85149));
--_sc-shadow: var(--sc-shadow, 0 8px 24px light-dark(#1f232833, #01040999));
--_sc-radius: var(--sc-radius, 6px);
--_sc-z: var(--sc-z-toast, 2147483000);
`;

/** What every element's shadow root starts with: the palette and the `theme` attribute. */
const BASE = `:host{${PALETTE}color-scheme:light;font-family:var(--sc-font,inherit)}
:host([theme=dark]){color-scheme:dark}:host([theme=system]){color-scheme:light dark}
:host([hidden]){display:none}
:focus-visible{outline:2px solid var(--_sc-focus);outline-offset:2px}
@media (prefers-reduced-motion:reduce){*{transition:none!important;animation:none!important}}`;

export const BUTTON_CSS = `${BASE}
:host{display:inline-block;vertical-align:middle}
button{position:relative;display:inline-flex;align-items:center;justify-content:center;gap:.5em;box-sizing:border-box;inline-size:100%;min-block-size:2.25rem;padding:0 .875rem;border:1px solid transparent;border-radius:var(--_sc-radius);background:var(--_sc-accent);color:var(--_sc-accent-fg);font:inherit;font-size:.875rem;font-weight:500;line-height:1.2;white-space:nowrap;cursor:pointer;transition:background-color .15s,filter .15s}
:host([size=sm]) button{min-block-size:1.75rem;padding:0 .625rem;font-size:.8125rem}
:host([variant]:not([variant=solid])) button{background:var(--_sc-bg);color:var(--_sc-accent)}
:host(:is([variant=outline],[variant=icon])) button{border-color:currentColor}
:host([variant=icon]) button{inline-size:2.25rem;padding:0}
:host([variant=icon][size=sm]) button{inline-size:1.75rem}
:host([variant=icon]) slot{display:none}
button:hover{filter:brightness(.92)}
:host([variant]:not([variant=solid])) button:hover{filter:none;background-image:linear-gradient(var(--_sc-hover) 0 0)}
button[aria-disabled=true]{--_sc-faded:color-mix(in srgb,var(--_sc-accent) 45%,var(--_sc-bg));filter:none;background-image:none;cursor:not-allowed;background:var(--_sc-faded)}
:host([variant]:not([variant=solid])) button[aria-disabled=true]{background:var(--_sc-bg);color:var(--_sc-faded)}
button[aria-busy=true]{cursor:progress}
svg{flex:none;inline-size:1.1em;block-size:1.1em;fill:none;stroke:currentColor;stroke-width:1.5;stroke-linecap:round;stroke-linejoin:round}
.spin{flex:none;box-sizing:border-box;inline-size:1em;block-size:1em;border:2px solid;border-inline-end-color:transparent;border-radius:50%;animation:spin .7s linear infinite}
@keyframes spin{to{transform:rotate(1turn)}}
button[data-reason]:is(:hover,:focus)::after{content:attr(data-reason);position:absolute;inset-block-start:calc(100% + 6px);inset-inline-start:0;z-index:var(--_sc-z);inline-size:max-content;max-inline-size:18rem;padding:.375rem .5rem;border-radius:var(--_sc-radius);background:var(--_sc-fg);color:var(--_sc-bg);font-size:.75rem;font-weight:400;line-height:1.4;text-align:start;white-space:normal;pointer-events:none}`;

export const TOASTER_CSS = `${BASE}
ol{position:fixed;z-index:var(--_sc-z);inset-block-end:0;inset-inline-end:0;display:flex;flex-direction:column;gap:.5rem;box-sizing:border-box;inline-size:min(100vw,var(--sc-toast-width,380px));max-block-size:100vh;margin:0;padding:1rem;list-style:none;outline:none;pointer-events:none}
li{display:grid;grid-template-columns:1fr auto;gap:.25rem .75rem;padding:.75rem 1rem;border:1px solid var(--_sc-border);border-inline-start:4px solid var(--_sc-success);border-radius:var(--_sc-radius);background:var(--_sc-bg);color:var(--_sc-fg);box-shadow:var(--_sc-shadow);font-size:.875rem;line-height:1.4;overflow-wrap:anywhere;pointer-events:auto;animation:in .2s ease-out}
li[data-tone=error]{border-inline-start-color:var(--_sc-danger)}
li>*{grid-column:1;margin:0}
.title{font-weight:600}
.meta{color:var(--_sc-muted)}
code{font:.8125rem ui-monospace,monospace;user-select:all}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin-block-start:.25rem}.actions:empty{display:none}
button,a{display:inline-grid;place-items:center;box-sizing:border-box;min-inline-size:24px;min-block-size:24px;padding:0 .5rem;border:1px solid var(--_sc-border);border-radius:var(--_sc-radius);background:none;color:var(--_sc-accent);font:inherit;text-decoration:none;cursor:pointer}
li>.close{grid-area:1/2;align-self:start;padding:0;border-color:currentColor;color:var(--_sc-muted)}
:is(button,a):hover{background:var(--_sc-hover)}
.sr{position:absolute;inline-size:1px;block-size:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
@keyframes in{from{opacity:0;transform:translateY(.5rem)}}`;

/** One constructable stylesheet per text, made on first use (never at import: no DOM on a server). */
const sheets = new Map<string, CSSStyleSheet>();
export function sheetOf(css: string): CSSStyleSheet {
  let sheet = sheets.get(css);
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    sheets.set(css, sheet);
  }
  return sheet;
}
