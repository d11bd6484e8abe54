import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const screenshotDir = fileURLToPath(
  new URL('../test-results/screenshots/', import.meta.url),
);

/** Debian's Chromium, headless; the flags keep it off a network this machine does not have. */
export function launchChromium(): Promise<Browser> {
  mkdirSync(screenshotDir, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Every response body any page of the context receives, for the leak scan. */
export function recordResponses(context: BrowserContext, bodies: string[]): void {
  context.on('response', (response) => {
    response.text().then(
      (text) => bodies.push(`${response.url()}\n${text}`),
      () => {}, // redirects and aborted loads have no body
    );
  });
}

/** Signs in through the CRM's own sign-in page, as a sales person would. */
export async function signIn(page: Page, demoUrl: string, agentName: string): Promise<void> {
  await page.goto(demoUrl);
  await page.getByRole('button', { name: `Sign in as ${agentName}` }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}
