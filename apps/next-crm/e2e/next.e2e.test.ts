import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { LEADS } from '../src/crm';

const url = inject('nextCrmUrl');
let browser: Browser;
const bodies: string[] = [];

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
});
afterAll(async () => {
  await browser?.close();
});

async function signedIn(agentName: string): Promise<Page> {
  const context = await browser.newContext();
  context.on('response', (response) => {
    response.text().then(
      (text) => bodies.push(text),
      () => {}, // redirects have no body
    );
  });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByRole('button', { name: `Sign in as ${agentName}` }).click();
  await page.getByRole('heading', { name: 'Leads' }).waitFor();
  return page;
}

const toasts = (page: Page) => page.getByRole('region', { name: /Saleschat notifications/ });

it('Login opens the Saleschat dashboard in a new tab as the signed-in agent', async () => {
  const page = await signedIn('Ada Lovelace');
  await page.getByRole('link', { name: 'Integrations' }).click();
  const [tab] = await Promise.all([
    page.context().waitForEvent('page'),
    page.getByRole('button', { name: 'Open Saleschat' }).click(),
  ]);
  await tab.waitForURL(/\/dashboard$/);
  await tab.getByText('Logged in as Ada Lovelace').waitFor();
});

it('Chat on a server-rendered lead page creates the chat and says so in a toast', async () => {
  const page = await signedIn('Grace Hopper');
  await page.getByRole('link', { name: 'Bruno Silva' }).click();
  await page.getByRole('button', { name: 'Chat with Bruno Silva' }).click();
  await toasts(page)
    .getByText('Chat with Bruno Silva ready — contact created, assigned to you')
    .waitFor();
});

it('never sends a lead phone number to the browser', () => {
  expect(bodies.some((body) => body.includes('Bruno Silva'))).toBe(true);
  const all = bodies.join('\n');
  for (const lead of LEADS.values()) expect(all).not.toContain(lead.phone.slice(1));
});
