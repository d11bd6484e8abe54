import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seedLeads } from '../server/seed';
import { launchChromium, recordResponses, screenshotDir, signIn } from './browser';

const demoUrl = inject('demoUrl');
const fakeUrl = inject('fakeSaleschatUrl');
const FAKE_TOKEN = 'demo-fake-saleschat-token';
const leads = new Map(seedLeads().map((lead) => [lead.id, lead]));
const nameOf = (id: string) => `${leads.get(id)?.firstName} ${leads.get(id)?.lastName}`;

let browser: Browser;
const contexts: BrowserContext[] = [];
const bodies: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function newAgentPage(agentName: string, init?: () => void): Promise<Page> {
  // Reduced motion: toasts appear without animation, so screenshots catch them fully drawn.
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    reducedMotion: 'reduce',
  });
  if (init) await context.addInitScript(init);
  recordResponses(context, bodies);
  contexts.push(context);
  const page = await context.newPage();
  await signIn(page, demoUrl, agentName);
  return page;
}

/** Injects a fault into the fake Saleschat through its admin endpoint (null lifts them all). */
async function fault(endpoint: string, value: object | null): Promise<void> {
  const response = value
    ? await fetch(`${fakeUrl}/__admin/faults/${endpoint}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(value),
      })
    : await fetch(`${fakeUrl}/__admin/faults`, { method: 'DELETE' });
  expect(response.ok).toBe(true);
}

const toasts = (page: Page) => page.getByRole('region', { name: /Saleschat notifications/ });

async function openLogin(page: Page): Promise<Page> {
  await page.goto(`${demoUrl}/integrations`);
  const [tab] = await Promise.all([
    page.context().waitForEvent('page'),
    page.getByRole('button', { name: 'Open Saleschat' }).click(),
  ]);
  await tab.waitForURL(/\/dashboard$/);
  return tab;
}

describe('Login', () => {
  it('opens one tab on the dashboard as the signed-in agent, and reuses it on a second Login', async () => {
    const page = await newAgentPage('Ada Lovelace');
    const tab = await openLogin(page);
    await tab.getByText('Logged in as Ada Lovelace').waitFor();
    await toasts(page).getByText('Saleschat opened in its tab').waitFor();
    await page.screenshot({ path: `${screenshotDir}/integrations.png` });

    let newTabs = 0;
    page.context().on('page', () => newTabs++);
    const navigated = tab.waitForEvent('framenavigated');
    await page.getByRole('button', { name: 'Open Saleschat' }).click();
    await navigated;
    await tab.getByText('Logged in as Ada Lovelace').waitFor();
    expect(newTabs).toBe(0);
    expect(page.context().pages()).toHaveLength(2);
  });

  it('still opens the tab when the proxy takes 1.5 s, and lands on the dashboard', async () => {
    const page = await newAgentPage('Grace Hopper');
    await fault('magicLink', { latencyMs: 1500 });
    try {
      const started = Date.now();
      const tab = await openLogin(page);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
      await tab.getByText('Logged in as Grace Hopper').waitFor();
      expect(page.context().pages()).toHaveLength(2);
    } finally {
      await fault('magicLink', null);
    }
  });

  it('offers an "Open Saleschat" link when the browser blocks the tab', async () => {
    const page = await newAgentPage('Alan Turing', () => {
      window.open = () => null;
    });
    await page.goto(`${demoUrl}/integrations`);
    await page.getByRole('button', { name: 'Open Saleschat' }).click();
    const region = toasts(page);
    await region.getByText('Your browser blocked the Saleschat tab.').waitFor();
    const link = region.getByRole('link', { name: 'Open Saleschat' });
    expect(await link.getAttribute('href')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/magic\//);
    await page.screenshot({ path: `${screenshotDir}/popup-blocked.png` });
  });
});

describe('Chat', () => {
  it('creates and assigns a new lead, lists it on top of the dashboard, and a second agent reassigns it after the rate-limit toast', async () => {
    const leadId = 'L-1010';
    const ada = await newAgentPage('Ada Lovelace');
    await ada.goto(`${demoUrl}/leads/${leadId}`);
    await ada.getByRole('button', { name: `Chat with ${nameOf(leadId)}` }).click();
    await toasts(ada)
      .getByText(`Chat with ${nameOf(leadId)} ready — contact created, assigned to you`)
      .waitFor();
    await ada.screenshot({ path: `${screenshotDir}/lead-chat-toast.png` });

    const adaTab = await openLogin(ada);
    await expect
      .poll(() => adaTab.getByRole('listitem').first().textContent())
      .toContain(`${leadId} ${nameOf(leadId)}`);
    await adaTab.screenshot({ path: `${screenshotDir}/dashboard.png` });

    // Grace, right away: Saleschat allows one assign per contact per 10 s.
    const grace = await newAgentPage('Grace Hopper');
    await grace.goto(`${demoUrl}/leads/${leadId}`);
    await grace.getByRole('button', { name: `Chat with ${nameOf(leadId)}` }).click();
    await toasts(grace).getByText('Too many requests to Saleschat.').waitFor();
    await toasts(grace)
      .getByText(/Try again in \d+ s\./)
      .waitFor();
    await grace.screenshot({ path: `${screenshotDir}/rate-limited.png` });

    const retry = toasts(grace).getByRole('button', { name: 'Retry' });
    await retry.waitFor({ timeout: 15_000 });
    await retry.click();
    await toasts(grace)
      .getByText(`Chat with ${nameOf(leadId)} ready — existing contact, reassigned to you`)
      .waitFor();
    const graceTab = await openLogin(grace);
    await expect
      .poll(() => graceTab.getByRole('listitem').first().textContent())
      .toContain(`${leadId} ${nameOf(leadId)}`);
  });

  it("shows Saleschat's code and message when Saleschat refuses", async () => {
    const page = await newAgentPage('Ada Lovelace');
    await fault('createContact', { status: 403 });
    try {
      await page.goto(`${demoUrl}/leads/L-1020`);
      await page.getByRole('button', { name: `Chat with ${nameOf('L-1020')}` }).click();
      await toasts(page).getByText('Saleschat refused the request.').waitFor();
      await toasts(page)
        .getByText(/4030001 · FORBIDDEN/)
        .waitFor();
      await page.screenshot({ path: `${screenshotDir}/saleschat-error.png` });
    } finally {
      await fault('createContact', null);
    }
  });

  it('offers Retry during an outage, and Retry works once it is over', async () => {
    const page = await newAgentPage('Ada Lovelace');
    await fault('createContact', { status: 503 });
    await page.goto(`${demoUrl}/leads/L-1030`);
    await page.getByRole('button', { name: `Chat with ${nameOf('L-1030')}` }).click();
    await toasts(page).getByText('Saleschat is not responding right now.').waitFor();
    const retry = toasts(page).getByRole('button', { name: 'Retry' });
    await retry.waitFor();
    await fault('createContact', null);
    await retry.click();
    await toasts(page)
      .getByText(`Chat with ${nameOf('L-1030')} ready — contact created, assigned to you`)
      .waitFor();
  });
});

describe('Keyboard and screen readers', () => {
  it('reaches and uses both buttons with Tab and Enter, with a live region ready before the first toast', async () => {
    const page = await newAgentPage('Alan Turing');
    await page.goto(`${demoUrl}/leads/L-1040`);
    const chat = page.getByRole('button', { name: `Chat with ${nameOf('L-1040')}` });
    await chat.waitFor();
    // The toast region and its live regions (status: polite, alert: assertive) exist before the
    // first toast, so a screen reader announces that one too.
    await toasts(page).waitFor({ state: 'attached' });
    expect(await page.getByRole('status').count()).toBeGreaterThan(0);
    expect(await page.getByRole('alert').count()).toBeGreaterThan(0);

    const tabTo = async (target: typeof chat) => {
      for (let presses = 0; presses < 40; presses++) {
        await page.keyboard.press('Tab');
        if (await target.evaluate((element) => element === document.activeElement)) return;
      }
      throw new Error('not reachable with Tab');
    };
    await tabTo(chat);
    await page.keyboard.press('Enter');
    await toasts(page)
      .getByText(`Chat with ${nameOf('L-1040')} ready — contact created, assigned to you`)
      .waitFor();
    await page.screenshot({ path: `${screenshotDir}/leads-keyboard.png` });

    await page.goto(`${demoUrl}/integrations`);
    const login = page.getByRole('button', { name: 'Open Saleschat' });
    await login.waitFor();
    await tabTo(login);
    const [tab] = await Promise.all([
      page.context().waitForEvent('page'),
      page.keyboard.press('Enter'),
    ]);
    await tab.waitForURL(/\/dashboard$/);
    await tab.getByText('Logged in as Alan Turing').waitFor();
  });

  it('saves a screenshot of the leads list', async () => {
    const page = await newAgentPage('Ada Lovelace');
    await page.getByRole('table').waitFor();
    await page.screenshot({ path: `${screenshotDir}/leads.png` });
    await page.getByRole('searchbox', { name: 'Search leads' }).fill('Tailspin');
    await expect
      .poll(() => page.getByText(/Page 1 of \d+ · \d+ leads/).textContent())
      .not.toContain('240 leads');
  });
});

describe('What the browser receives', () => {
  it('never contains a seeded phone number or the Saleschat token', async () => {
    for (const context of contexts) await context.close();
    expect(bodies.length).toBeGreaterThan(50);
    expect(bodies.some((body) => body.includes('Logged in as'))).toBe(true);
    const all = bodies.join('\n');
    expect(all).not.toContain(FAKE_TOKEN);
    for (const lead of leads.values()) {
      const digits = lead.phone.slice(1);
      expect(all, lead.id).not.toContain(digits); // +44…, 0044…, 44… alike
      expect(all, lead.id).not.toContain(`0${digits.slice(2)}`); // national form 07700…
    }
  });
});
