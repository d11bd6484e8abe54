import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seedLeads } from '../server/seed';
import { launchChromium, screenshotDir, signIn } from './browser';

const demoUrl = inject('demoUrl');
// A lead on the plain page that no other e2e test chats with (L-1010 is demo.e2e's), that may be
// contacted and, once the seed carries opt-in dates, has one (the proxy refuses a chat without).
const lead = seedLeads()
  .slice(0, 9)
  .find(
    (candidate) =>
      !candidate.doNotContact &&
      (!('optInDate' in candidate) || Boolean((candidate as { optInDate?: unknown }).optInDate)),
  );
if (!lead) throw new Error('the seed has no contactable lead among the first nine');
const leadName = `${lead.firstName} ${lead.lastName}`;

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Signs in on the CRM's own page, then opens the server-rendered page with the elements. */
async function plainPage(agentName: string): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  await signIn(page, demoUrl, agentName);
  await page.goto(`${demoUrl}/plain.html`);
  return page;
}

const toasts = (page: Page) => page.getByRole('region', { name: /Saleschat notifications/ });

describe('the custom elements on a plain HTML page (one script tag)', () => {
  it('loads the kit from one script tag and nothing else', async () => {
    const page = await plainPage('Alan Turing');
    const scripts = await page
      .locator('script')
      .evaluateAll((nodes) => nodes.map((node) => (node as HTMLScriptElement).src));
    expect(scripts).toEqual([`${demoUrl}/saleschat-elements.js`]);
    await page.context().close();
  });

  it('Chat → toast; its "Open Saleschat" → the dashboard tab with that chatroom on top', async () => {
    const page = await plainPage('Ada Lovelace');
    await page.getByRole('button', { name: `Chat with ${leadName}` }).click();
    const toast = toasts(page).getByText(
      `Chat with ${leadName} ready — contact created, assigned to you`,
    );
    await toast.waitFor();
    await page.screenshot({ path: `${screenshotDir}/plain-chat-toast.png` });

    const [tab] = await Promise.all([
      page.context().waitForEvent('page'),
      toasts(page).getByRole('button', { name: 'Open Saleschat' }).click(),
    ]);
    await tab.waitForURL(/\/dashboard$/);
    await tab.getByText('Logged in as Ada Lovelace').waitFor();
    await expect
      .poll(() => tab.getByRole('listitem').first().textContent())
      .toContain(`${lead.id} ${leadName}`);
    await toasts(page).getByText('Saleschat opened in its tab').waitFor();
    await page.context().close();
  });

  it('Login → one tab on the dashboard as the signed-in agent, reused on the next Login', async () => {
    const page = await plainPage('Grace Hopper');
    const [tab] = await Promise.all([
      page.context().waitForEvent('page'),
      page.getByRole('button', { name: 'Open Saleschat' }).click(),
    ]);
    await tab.waitForURL(/\/dashboard$/);
    await tab.getByText('Logged in as Grace Hopper').waitFor();
    await toasts(page).getByText('Saleschat opened in its tab').waitFor();

    const navigated = tab.waitForEvent('framenavigated');
    await page.getByRole('button', { name: 'Open Saleschat' }).click();
    await navigated;
    await tab.getByText('Logged in as Grace Hopper').waitFor();
    expect(page.context().pages()).toHaveLength(2);
    await page.context().close();
  });
});
