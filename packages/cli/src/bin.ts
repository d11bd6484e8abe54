#!/usr/bin/env node
import { runCli } from './runCli';

// First Ctrl-C (or SIGTERM): stop cleanly — no new work, what is under way finishes and is
// recorded. Second Ctrl-C: quit at once.
const controller = new AbortController();
let signals = 0;
const onSignal = () => {
  signals++;
  if (signals === 1) {
    controller.abort();
    return;
  }
  process.stderr.write(
    '\nQuit at once. A create that was under way may have succeeded: run the import again; such a row is reported as "created earlier, id unknown" for you to link by hand.\n',
  );
  process.exit(130);
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
});
