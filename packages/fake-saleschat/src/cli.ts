#!/usr/bin/env node
import { runFakeSaleschatCli } from './runFakeSaleschatCli';

// Runs a fake Saleschat until interrupted: `fake-saleschat --port 4010`. The first Ctrl-C (or
// SIGTERM) stops it cleanly; a second Ctrl-C quits at once.
const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => controller.abort());

process.exitCode = await runFakeSaleschatCli(process.argv.slice(2), {
  out: (line) => console.log(line),
  error: (line) => console.error(line),
  env: process.env,
  signal: controller.signal,
});
