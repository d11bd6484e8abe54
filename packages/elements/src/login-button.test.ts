import type { LoginResponse } from '@saleschat-kit/core';
import { blockPopups, saleschatHandlers, TEST_MAGIC_LINK } from '@saleschat-kit/react/testing';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { expectNoAxeViolations, freshPageForEachTest, mount } from '../test/fixtures';
import { useProxy } from '../test/msw';
import './index';

const fresh = freshPageForEachTest();

const login = () => page.getByRole('button', { name: 'Open Saleschat' });
const region = () => page.getByRole('region', { name: 'Saleschat notifications (F8)' });

function mountLogin() {
  return mount(
    `<saleschat-login-button base-url="${fresh.base}"></saleschat-login-button><saleschat-toaster></saleschat-toaster>`,
  );
}

/** Counts the calls to /login, then lets the scenario's handlers answer. */
function countedLogin() {
  const count = { calls: 0 };
  return [
    count,
    http.post(`${fresh.base}/login`, () => {
      count.calls++;
    }),
  ] as const;
}

describe('<saleschat-login-button>', () => {
  it('opens the tab inside the click, points it at the magic link, and says so', async () => {
    // Long enough that the checks below run while the link is pending, even on a busy machine.
    await useProxy(...saleschatHandlers('success', { baseUrl: fresh.base, delayMs: 1500 }));
    const host = mountLogin();
    const links: LoginResponse[] = [];
    host.addEventListener('saleschat-success', (event) =>
      links.push(event.detail as LoginResponse),
    );
    await login().click();
    // The link takes 1.5 s; the tab was opened (blank) within the click.
    expect(fresh.tabs.opened.map((tab) => tab.name)).toEqual(['saleschat']);
    expect(fresh.tabs.opened[0]?.urls).toEqual([]);
    await expect.element(login()).toHaveAttribute('aria-busy', 'true');
    await expect
      .poll(() => fresh.tabs.opened[0]?.urls, { timeout: 5000 })
      .toEqual([TEST_MAGIC_LINK]);
    await expect.element(region().getByText('Saleschat opened in its tab')).toBeVisible();
    await expect.element(login()).toHaveAttribute('data-state', 'success');
    expect(links.map((link) => link.url)).toEqual([TEST_MAGIC_LINK]);
    await expectNoAxeViolations();
  });

  it('reuses the same tab on the next click', async () => {
    await useProxy(...saleschatHandlers('success', { baseUrl: fresh.base }));
    mountLogin();
    await login().click();
    await expect.poll(() => fresh.tabs.opened[0]?.urls).toEqual([TEST_MAGIC_LINK]);
    await login().click();
    await expect.poll(() => fresh.tabs.opened[0]?.urls).toHaveLength(2);
    expect(fresh.tabs.opened).toHaveLength(1);
  });

  it('prefetches the link on hover and on focus, so the click opens it at once', async () => {
    const [count, counter] = countedLogin();
    await useProxy(counter, ...saleschatHandlers('success', { baseUrl: fresh.base }));
    mountLogin();
    await userEvent.hover(login());
    await expect.poll(() => count.calls).toBe(1);
    await userEvent.keyboard('{Tab}');
    await login().click();
    // Opened with the known link: no blank step, no second request.
    expect(fresh.tabs.opened[0]?.urls).toEqual([TEST_MAGIC_LINK]);
    expect(count.calls).toBe(1);
  });

  it('offers an "Open Saleschat" link when the browser blocks the tab', async () => {
    await useProxy(...saleschatHandlers('success', { baseUrl: fresh.base }));
    mountLogin();
    const unblock = blockPopups(window);
    try {
      await login().click();
      await expect
        .element(region().getByText('Your browser blocked the Saleschat tab.'))
        .toBeVisible();
      await expect.element(region().getByText('Open it with the link instead.')).toBeVisible();
      const link = region().getByRole('link', { name: 'Open Saleschat' });
      await expect.element(link).toHaveAttribute('href', TEST_MAGIC_LINK);
      await expect.element(login()).toHaveAttribute('data-state', 'error');
      await expectNoAxeViolations();
    } finally {
      unblock();
    }
    // The link opens the tab through core's opener (the tab later logins reuse), and goes.
    await region().getByRole('link', { name: 'Open Saleschat' }).click();
    expect(fresh.tabs.opened.map((tab) => [tab.name, tab.urls])).toEqual([
      ['saleschat', [TEST_MAGIC_LINK]],
    ]);
    await expect.element(region().getByRole('link')).not.toBeInTheDocument();
  });

  it('is disabled with the reason when the CRM user is not linked, and prefetches nothing', async () => {
    const [count, counter] = countedLogin();
    await useProxy(counter, ...saleschatHandlers('notLinked', { baseUrl: fresh.base }));
    mountLogin();
    await expect.element(login()).toHaveAttribute('aria-disabled', 'true');
    await userEvent.hover(login());
    await login().click({ force: true });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(count.calls).toBe(0);
    expect(fresh.tabs.opened).toEqual([]);
    await expectNoAxeViolations();
  });

  it('closes the blank tab and shows the error when no link comes', async () => {
    await useProxy(...saleschatHandlers('UNAUTHENTICATED', { baseUrl: fresh.base }));
    mountLogin();
    await login().click();
    await expect
      .element(region().getByText('Your CRM session has ended. Sign in again.'))
      .toBeVisible();
    expect(fresh.tabs.opened[0]?.closed).toBe(true);
  });

  it('with a native disabled attribute and no reason, is a disabled button', async () => {
    await useProxy(...saleschatHandlers('success', { baseUrl: fresh.base }));
    mount(`<saleschat-login-button base-url="${fresh.base}" disabled></saleschat-login-button>`);
    await expect.element(login()).toBeDisabled();
  });
});
