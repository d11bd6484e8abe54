import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import type { Browser } from 'playwright';
import type { BenchPage } from './buildBenchPage';
import { median } from './quantile';
import type { Figure, SectionResult } from './types';

/** Buttons per list, as the issue asks. */
const COUNT = 1000;
const WARMUP_ROUNDS = 2;
const RATIO_GOAL = 1.5;

interface Times {
  kit: number[];
  plain: number[];
}

function inJsdom(page: BenchPage, rounds: number): Promise<Times> {
  const worker = new Worker(new URL('./page/jsdomWorker.mjs', import.meta.url), {
    workerData: {
      pagePath: join(page.dir, 'page.mjs'),
      count: COUNT,
      rounds,
      warmup: WARMUP_ROUNDS,
    },
  });
  return new Promise((resolve, reject) => {
    worker.once('message', (times: Times) => {
      resolve(times);
      // The kit's QueryClient keeps timers in the worker: it is done, end it.
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`render: jsdom worker exited (${code})`)));
  });
}

async function inChromium(browser: Browser, pageUrl: string, rounds: number): Promise<Times> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(pageUrl);
    await page.waitForFunction(() => 'ready' in document.documentElement.dataset);
    const times: Times = { kit: [], plain: [] };
    for (let round = -WARMUP_ROUNDS; round < rounds; round++) {
      // Alternate which side goes first, so neither always meets a warmer page.
      const order = round % 2 === 0 ? (['kit', 'plain'] as const) : (['plain', 'kit'] as const);
      for (const kind of order) {
        const elapsed = await page.evaluate(
          ([which, count]) =>
            (
              window as unknown as {
                bench: { mountList(kind: string, count: number): Promise<number> };
              }
            ).bench.mountList(which, count),
          [kind, COUNT] as const,
        );
        if (round >= 0) times[kind].push(elapsed);
      }
    }
    return times;
  } finally {
    await context.close();
  }
}

function figuresOf(where: 'jsdom' | 'chromium', label: string, times: Times): Figure[] {
  const kit = median(times.kit);
  const plain = median(times.plain);
  const ratio = kit / plain;
  return [
    {
      key: `render_${where}_ratio`,
      section: 'render',
      label: `${label}: 1,000 ChatButtons ÷ 1,000 <button>s`,
      value: ratio,
      unit: 'ratio',
      reference: `<button>s ${plain.toFixed(1)} ms`,
      goal: `≤ ${RATIO_GOAL.toFixed(1)}×`,
      over: ratio > RATIO_GOAL,
    },
    {
      key: `render_${where}_chat_buttons_ms`,
      section: 'render',
      label: `${label}: 1,000 ChatButtons, mount`,
      value: kit,
      unit: 'ms',
      reference: `<button>s ${plain.toFixed(1)} ms`,
    },
    {
      key: `render_${where}_plain_buttons_ms`,
      section: 'render',
      label: `${label}: 1,000 <button>s, mount`,
      value: plain,
      unit: 'ms',
      jsonOnly: true,
    },
  ];
}

/**
 * Render cost: mounting 1,000 ChatButtons (in a SaleschatProvider) against 1,000 plain buttons,
 * alternating, medians over rounds, in jsdom and in headless Chromium, from the same bundle.
 */
export async function measureRender(
  page: BenchPage,
  browser: Browser,
  pageUrl: string,
  rounds: number,
): Promise<SectionResult> {
  const jsdom = await inJsdom(page, rounds);
  const chromium = await inChromium(browser, pageUrl, rounds);
  return {
    figures: [
      ...figuresOf('jsdom', 'jsdom', jsdom),
      ...figuresOf('chromium', 'Chromium', chromium),
    ],
    notes: [
      `render: one bundle (the kit's dist, React in production mode, esbuild) in both; mount = render + commit (flushSync) + a forced style and layout, ${rounds} rounds per side after ${WARMUP_ROUNDS} warm-up, alternating, medians. The ChatButtons' /me answer is served in-page (no network).`,
    ],
  };
}
