/** Vite's `?inline` import of a stylesheet: its text, not injected into the page. */
declare module '*.css?inline' {
  const css: string;
  export default css;
}
