import { saleschatHandlers } from '@saleschat-kit/react/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { expectNoAxeViolations, freshPageForEachTest, mount } from '../test/fixtures';
import { useProxy } from '../test/msw';
import './index';

const fresh = freshPageForEachTest();
afterEach(() => {
  document.documentElement.removeAttribute('dir');
  document.documentElement.style.removeProperty('--sc-accent');
});

const region = () => page.getByRole('region', { name: 'Saleschat notifications (F8)' });
const chat = () => page.getByRole('button', { name: 'Chat with Ada Lovelace' });
const inner = (selector: string, tag: string) =>
  document.querySelector(selector)?.shadowRoot?.querySelector(tag) as HTMLElement;

describe('<saleschat-toaster>', () => {
  it('has its live regions before the first toast', async () => {
    await useProxy(...saleschatHandlers('success', { baseUrl: fresh.base }));
    mount('<saleschat-toaster></saleschat-toaster>');
    await expect.element(page.getByRole('status')).toBeInTheDocument();
    await expect.element(page.getByRole('alert')).toBeInTheDocument();
    await expect.element(region()).toBeInTheDocument();
  });

  it('lets a success toast go after `duration`, but not while focus is on it', async () => {
    await useProxy(...saleschatHandlers('existing', { baseUrl: fresh.base }));
    mount(
      `<saleschat-chat-button base-url="${fresh.base}" crm-customer-id="lead-42" lead-name="Ada Lovelace"></saleschat-chat-button><saleschat-toaster duration="3000"></saleschat-toaster>`,
    );
    await chat().click();
    const title = region().getByText(/ready — existing contact/);
    await expect.element(title).toBeVisible();
    // F8 moves focus to the toasts: the timer waits. The wait outlasts `duration` counted from
    // the F8 press, so an unpaused toast would be gone; the duration is long enough that a
    // loaded CI machine presses F8 well before it runs out (600 ms did not, once).
    await userEvent.keyboard('{F8}');
    await new Promise((resolve) => setTimeout(resolve, 3300));
    await expect.element(title).toBeVisible();
    // Tab onto its "Open Saleschat", then away: it goes.
    await userEvent.keyboard('{Tab}');
    await expect
      .poll(() =>
        region().getByRole('button', { name: 'Open Saleschat' }).element().matches(':focus'),
      )
      .toBe(true);
    document.querySelector('saleschat-chat-button')?.focus();
    await expect.element(title).not.toBeInTheDocument();
  });

  it('keeps an error until it is dismissed, by mouse or keyboard', async () => {
    await useProxy(...saleschatHandlers('LEAD_NOT_FOUND', { baseUrl: fresh.base }));
    mount(
      `<saleschat-chat-button base-url="${fresh.base}" crm-customer-id="lead-42" lead-name="Ada Lovelace"></saleschat-chat-button><saleschat-toaster duration="100"></saleschat-toaster>`,
    );
    await chat().click();
    const title = region().getByText('This lead was not found in the CRM.');
    await expect.element(title).toBeVisible();
    await new Promise((resolve) => setTimeout(resolve, 400));
    await expect.element(title).toBeVisible();
    await userEvent.keyboard('{F8}');
    await userEvent.keyboard('{Tab}');
    await userEvent.keyboard('{Tab}');
    await expect
      .poll(() => region().getByRole('button', { name: 'Dismiss' }).element().matches(':focus'))
      .toBe(true);
    await userEvent.keyboard('{Enter}');
    await expect.element(title).not.toBeInTheDocument();
  });

  it('draws the light and dark palettes, and follows a host --sc-* variable', async () => {
    await useProxy(...saleschatHandlers('success', { baseUrl: fresh.base }));
    mount(
      `<saleschat-login-button id="light" base-url="${fresh.base}"></saleschat-login-button>
       <saleschat-login-button id="dark" base-url="${fresh.base}" theme="dark"></saleschat-login-button>`,
    );
    const background = (id: string) => getComputedStyle(inner(`#${id}`, 'button')).backgroundColor;
    expect(background('light')).toBe('rgb(9, 105, 218)');
    expect(background('dark')).toBe('rgb(68, 147, 248)');
    await expectNoAxeViolations();
    document.documentElement.style.setProperty('--sc-accent', 'rgb(1, 2, 3)');
    // Background colour changes are transitioned (0.15 s).
    await expect.poll(() => background('light')).toBe('rgb(1, 2, 3)');
  });

  it('sits at the end corner: bottom right, or bottom left right-to-left', async () => {
    await useProxy(...saleschatHandlers('success', { baseUrl: fresh.base }));
    mount('<saleschat-toaster></saleschat-toaster>');
    const list = () => inner('saleschat-toaster', 'ol');
    expect(getComputedStyle(list()).right).toBe('0px');
    document.documentElement.dir = 'rtl';
    expect(getComputedStyle(list()).left).toBe('0px');
  });
});
