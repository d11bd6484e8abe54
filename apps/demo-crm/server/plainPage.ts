import express, { type Router } from 'express';
import { createRequire } from 'node:module';
import type { Lead } from './seed';

const require = createRequire(import.meta.url);

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/**
 * `/plain.html`: a server-rendered page, as an older CRM would have, that uses the kit through one
 * script tag and the custom elements — no React, no bundler. Sign in on the demo's own page
 * first; the proxy is the same one the React app uses.
 *
 * @param count How many of the leads the page lists. Default: 10.
 */
export function plainPage(leads: Map<string, Lead>, count = 10): Router {
  const router = express.Router();
  // The elements' single-file build (core included), as a page without a bundler loads it;
  // looked up per request, so the server starts before that package is built.
  router.get('/saleschat-elements.js', (_req, res) => {
    res
      .type('text/javascript')
      .sendFile(require.resolve('@saleschat-kit/elements/saleschat-elements.js'));
  });
  router.get('/plain.html', (_req, res) => {
    const rows = [...leads.values()]
      .slice(0, count)
      .map((lead) => {
        const name = escapeHtml(`${lead.firstName} ${lead.lastName}`);
        return `<tr><td>${escapeHtml(lead.id)}</td><td>${name}</td><td><saleschat-chat-button size="sm" crm-customer-id="${escapeHtml(lead.id)}" lead-name="${name}"></saleschat-chat-button></td></tr>`;
      })
      .join('\n');
    res.type('html').send(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="saleschat-base-url" content="/api/saleschat">
<title>Leads — plain HTML</title>
<script type="module" src="/saleschat-elements.js"></script>
<style>body{font:16px system-ui,sans-serif;margin:2rem}td,th{padding:.25rem .75rem;text-align:start}</style>
</head>
<body>
<h1>Leads (plain HTML)</h1>
<p><saleschat-login-button></saleschat-login-button></p>
<table>
<thead><tr><th>Id</th><th>Name</th><th>Saleschat</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<saleschat-toaster></saleschat-toaster>
</body>
</html>
`);
  });
  return router;
}
