import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seedLeads } from '../server/seed';
import { launchChromium, screenshotDir, signIn } from './browser';

const demoUrl = inject('demoUrl');
const fakeUrl = inject('fakeSaleschatUrl');
const leads = new Map(seedLeads().map((lead) => [lead.id, lead]));

// Leads no other e2e test chats with (they share one demo and one fake): one to rename, and
// the first of the seeded leads that has no opt-in date.
const RENAMED_ID = 'L-1060';
const renamedLead = leads.get(RENAMED_ID);
const withoutOptIn = [...leads.values()].find((lead) => !lead.optInDate && !lead.doNotContact);
if (!renamedLead?.optInDate || renamedLead.doNotContact || !withoutOptIn) {
  throw new Error('the seed changed: pick other leads for this test');
}
const oldName = `${renamedLead.firstName} ${renamedLead.lastName}`;
const newName = { firstName: 'Renata', lastName: 'Okonkwo-Lind' };

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function agentPage(agentName: string): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  await signIn(page, demoUrl, agentName);
  return page;
}

const toasts = (page: Page) => page.getByRole('region', { name: /Saleschat notifications/ });

/** What the fake Saleschat received on one endpoint for one CRM id (the body's `crm_id`). */
async function sentFor(endpoint: 'createContact' | 'updateContact', crmId: string) {
  const response = await fetch(`${fakeUrl}/__admin/requests?endpoint=${endpoint}`);
  expect(response.ok).toBe(true);
  const requests = (await response.json()) as { body: Record<string, unknown> | null }[];
  return requests.map(({ body }) => body).filter((body) => body?.crm_id === crmId);
}

describe('Keeping Saleschat in step with the CRM', () => {
  it('renames the contact on the next Chat after an edit, and its toast opens Saleschat on that chatroom', async () => {
    const page = await agentPage('Grace Hopper');
    await page.goto(`${demoUrl}/leads/${RENAMED_ID}`);
    await page.getByRole('button', { name: `Chat with ${oldName}` }).click();
    await toasts(page)
      .getByText(`Chat with ${oldName} ready — contact created, assigned to you`)
      .waitFor();

    // The edit form checks before it sends: an empty name is refused at the field.
    const form = page.getByRole('region', { name: 'Edit name' });
    const first = form.getByLabel('First name');
    const last = form.getByLabel('Last name');
    expect(await first.inputValue()).toBe(renamedLead.firstName);
    await first.fill('  ');
    await form.getByRole('button', { name: 'Save name' }).click();
    await expect.poll(() => first.getAttribute('aria-invalid')).toBe('true');
    expect(await first.evaluate((input) => input === document.activeElement)).toBe(true);
    expect(
      await first.evaluate(
        (input) =>
          document.getElementById(input.getAttribute('aria-describedby') ?? '')?.textContent,
      ),
    ).toBe('First name is required.');

    await first.fill(newName.firstName);
    await last.fill(newName.lastName);
    await form.getByRole('button', { name: 'Save name' }).click();
    await form.getByRole('status').getByText('Name saved.', { exact: false }).waitFor();
    const renamed = `${newName.firstName} ${newName.lastName}`;
    await page.getByRole('heading', { level: 1, name: renamed }).waitFor();
    // Saved in the CRM only: Saleschat hears of it with the next Chat.
    expect(await sentFor('updateContact', RENAMED_ID)).toEqual([]);

    await page.getByRole('button', { name: `Chat with ${renamed}` }).click();
    const toast = toasts(page).getByRole('listitem');
    await toast
      .getByText(`Chat with ${renamed} ready — existing contact, already assigned to you`)
      .waitFor();
    expect(await sentFor('updateContact', RENAMED_ID)).toEqual([
      expect.objectContaining({
        crm_id: RENAMED_ID,
        first_name: newName.firstName,
        last_name: newName.lastName,
      }),
    ]);
    await page.screenshot({ path: `${screenshotDir}/renamed-chat-toast.png` });

    // Open Saleschat from the toast: the tab opens in that click and lands on the dashboard,
    // with the renamed lead's chatroom on top.
    const [tab] = await Promise.all([
      page.context().waitForEvent('page'),
      toast.getByRole('button', { name: 'Open Saleschat' }).click(),
    ]);
    await tab.waitForURL(/\/dashboard$/);
    await tab.getByText('Logged in as Grace Hopper').waitFor();
    await expect
      .poll(() => tab.getByRole('listitem').first().textContent())
      .toContain(`${RENAMED_ID} ${renamed}`);
    expect(await tab.getByText(`${RENAMED_ID} ${oldName}`).count()).toBe(0);
    await toasts(page).getByText('Saleschat opened in its tab').waitFor();
    await tab.screenshot({ path: `${screenshotDir}/renamed-dashboard.png` });
  });

  it('refuses a Chat for a lead without an opt-in date, and sends Saleschat nothing', async () => {
    const page = await agentPage('Alan Turing');
    const name = `${withoutOptIn.firstName} ${withoutOptIn.lastName}`;
    await page.goto(`${demoUrl}/leads/${withoutOptIn.id}`);
    await page.getByRole('button', { name: `Chat with ${name}` }).click();
    await toasts(page)
      .getByText(
        'This lead has not opted in to WhatsApp messages (no opt-in date in the CRM), so Saleschat may not contact them.',
      )
      .waitFor();
    await page.screenshot({ path: `${screenshotDir}/opt-in-missing.png` });
    expect(await sentFor('createContact', withoutOptIn.id)).toEqual([]);
    const contacts = (await (await fetch(`${fakeUrl}/__admin/contacts`)).json()) as {
      crmId: string;
    }[];
    expect(contacts.map((contact) => contact.crmId)).not.toContain(withoutOptIn.id);
  });
});
