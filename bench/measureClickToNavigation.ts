import type { Browser } from 'playwright';
import { median } from './quantile';
import { AGENT_COOKIE } from './startLoopbackKit';
import type { SectionResult } from './types';

type Arm = 'prefetched' | 'cold' | 'floor';

interface BenchWindow {
  bench: { mountLogin(): void; mountDirectLink(url: string): void };
  benchClickAt?: number;
}

/**
 * One Login click in a fresh browser context: epoch ms from the click event to the start of the
 * Saleschat tab's navigation to the magic link (the navigated document's `timeOrigin`, which
 * lies before the link's redirect to the dashboard).
 */
async function clickOnce(browser: Browser, kitUrl: string, arm: Arm): Promise<number> {
  const context = await browser.newContext();
  try {
    await context.addCookies([{ name: AGENT_COOKIE, value: 'agent-bench', url: kitUrl }]);
    const page = await context.newPage();
    await page.goto(kitUrl);
    await page.waitForFunction(() => 'ready' in document.documentElement.dataset);
    const me = page.waitForResponse((response) => response.url().endsWith('/api/saleschat/me'));
    await page.evaluate(() => (window as unknown as BenchWindow).bench.mountLogin());
    await me;
    let button = page.getByRole('button', { name: 'Open Saleschat' });
    if (arm === 'floor') {
      const url = await page.evaluate(async () => {
        const response = await fetch('/api/saleschat/login', {
          method: 'POST',
          headers: { 'X-Saleschat-Kit': '1' },
        });
        return ((await response.json()) as { url: string }).url;
      });
      await page.evaluate(
        (link) => (window as unknown as BenchWindow).bench.mountDirectLink(link),
        url,
      );
      button = page.getByRole('button', { name: 'Open the link directly' });
      await button.hover();
    }
    if (arm === 'prefetched') {
      // Hovering prefetches the link; the click comes once it is in the page's cache.
      const link = page.waitForResponse((response) =>
        response.url().endsWith('/api/saleschat/login'),
      );
      await button.hover();
      await (await link).finished();
      await page.waitForTimeout(50);
    }
    // Without a prefetch the pointer arrives and clicks at once: the hover's request has had
    // no time, so the click waits for the proxy's answer.
    const popup = context.waitForEvent('page');
    await button.click();
    const tab = await popup;
    await tab.waitForURL((url) => url.pathname === '/dashboard', { timeout: 10_000 });
    const navigatedAt = await tab.evaluate(() => performance.timeOrigin);
    const clickedAt = await page.evaluate(() => (window as unknown as BenchWindow).benchClickAt);
    if (typeof clickedAt !== 'number') throw new Error('click: the page saw no click');
    return navigatedAt - clickedAt;
  } finally {
    await context.close();
  }
}

/**
 * Click to navigation in headless Chromium: the LoginButton against the real proxy and the fake
 * Saleschat on loopback, with a prefetched link (hover first) and without, next to the
 * browser's floor (a plain button opening the known link); rotating order, medians.
 */
export async function measureClickToNavigation(
  browser: Browser,
  kitUrl: string,
  rounds: number,
): Promise<SectionResult> {
  const times: Record<Arm, number[]> = { prefetched: [], cold: [], floor: [] };
  // One warm-up click per arm: the first clicks of a browser also pay for its own start-up.
  for (let round = -1; round < rounds; round++) {
    const arms: Arm[] = ['prefetched', 'cold', 'floor'];
    // Rotate which arm goes first, so none always meets a warmer browser.
    const order = arms.map((_, index) => arms[(index + round + 1) % arms.length] as Arm);
    for (const arm of order) {
      const elapsed = await clickOnce(browser, kitUrl, arm);
      if (round >= 0) times[arm].push(elapsed);
    }
  }
  const prefetched = median(times.prefetched);
  const cold = median(times.cold);
  const floor = median(times.floor);
  return {
    figures: [
      {
        key: 'click_nav_prefetched_ms',
        section: 'click → navigation',
        label: 'Login click → tab navigates, link prefetched (hover)',
        value: prefetched,
        unit: 'ms',
        reference: `not prefetched ${cold.toFixed(1)} ms; browser floor ${floor.toFixed(1)} ms`,
      },
      {
        key: 'click_nav_cold_ms',
        section: 'click → navigation',
        label: 'Login click → tab navigates, not prefetched',
        value: cold,
        unit: 'ms',
        jsonOnly: true,
      },
      {
        key: 'click_nav_floor_ms',
        section: 'click → navigation',
        label: 'browser floor: a plain button opening the known link',
        value: floor,
        unit: 'ms',
      },
      {
        key: 'click_nav_saved_ms',
        section: 'click → navigation',
        label: 'time the prefetch saves',
        value: cold - prefetched,
        unit: 'ms',
      },
    ],
    notes: [
      `click → navigation: headless Chromium, a fresh context per click, the proxy holding a stored link (cached login) for both; ${rounds} clicks per side after one warm-up each, in rotating order, medians. The floor is window.open of the same magic link from a plain button, no kit: what opening a tab costs this browser. Measured from the click event's time stamp to the Saleschat tab's navigation start (performance.timeOrigin of the magic link's document).`,
    ],
  };
}
