// Runs the bench page's mountList in jsdom, in a worker thread so jsdom's globals never leak
// into the bench itself. workerData: { pagePath, count, rounds, warmup }; posts { kit, plain }
// (milliseconds per round).
import { JSDOM } from 'jsdom';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

const { pagePath, count, rounds, warmup } = workerData;
const { window } = new JSDOM('<!doctype html><html><head></head><body></body></html>', {
  url: 'http://127.0.0.1/',
  pretendToBeVisual: true,
});
// As jsdom test environments do: the DOM's globals, where Node has none of its own (Node's
// timers, fetch, Response and performance stay).
for (const key of Object.getOwnPropertyNames(window)) {
  if (!(key in globalThis)) globalThis[key] = window[key];
}
globalThis.window = window;
globalThis.document = window.document;

const { mountList } = await import(pathToFileURL(pagePath).href);
const times = { kit: [], plain: [] };
for (let round = -warmup; round < rounds; round++) {
  // Alternate which side goes first, so neither always meets a warmer heap.
  const order = round % 2 === 0 ? ['kit', 'plain'] : ['plain', 'kit'];
  for (const kind of order) {
    const elapsed = await mountList(kind, count);
    if (round >= 0) times[kind].push(elapsed);
  }
}
parentPort.postMessage(times);
window.close();
