import { Worker } from 'node:worker_threads';

/** One request of a load: sent as is to the server on 127.0.0.1. */
export interface LoadRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** Sent as the body, with its Content-Length; default none. */
  body?: string;
}

/** What one load measured. */
export interface LoadFigures {
  /** Requests answered per second, over the whole load. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers that were not 200, and failed connections. */
  errors: number;
}

// Plain JavaScript in a worker, so the load's own work does not slow the server down when it
// shares this process: keep-alive, one socket per request in flight, a fixed number of requests
// at a fixed concurrency.
const LOAD_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { port, requests, concurrency } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const latencies = new Array(requests.length);
let next = 0, errors = 0;
const one = (index) => new Promise((resolve) => {
  const spec = requests[index];
  const started = performance.now();
  const done = (ok) => { if (!ok) errors++; latencies[index] = performance.now() - started; resolve(); };
  const headers = spec.body === undefined ? spec.headers
    : { ...spec.headers, 'Content-Length': Buffer.byteLength(spec.body) };
  const req = http.request({ host: '127.0.0.1', port, method: spec.method, path: spec.path, agent, headers },
    (res) => { res.resume(); res.on('end', () => done(res.statusCode === 200)); });
  req.on('error', () => done(false));
  req.end(spec.body);
});
async function lane() { while (next < requests.length) await one(next++); }
(async () => {
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, lane));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  const sorted = latencies.slice().sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  parentPort.postMessage({ rps: requests.length / seconds, p50Ms: at(0.5), p99Ms: at(0.99), errors });
})();
`;

/** Sends `requests` to 127.0.0.1:`port`, `concurrency` at a time, from a worker thread. */
export function loadLoopback(
  port: number,
  requests: readonly LoadRequest[],
  concurrency: number,
): Promise<LoadFigures> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD_WORKER, {
      eval: true,
      workerData: { port, requests, concurrency },
    });
    worker.once('message', (figures: LoadFigures) => {
      resolve(figures);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}
