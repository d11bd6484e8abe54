import { saleschatHandlers } from '@saleschat-kit/react/testing';
import { http, HttpResponse } from 'msw';
import { afterEach, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { cleanup, freshBaseUrl, mount } from '../test/fixtures';
import { useProxy } from '../test/msw';
import { configure } from './index';

afterEach(cleanup);

it('moves elements already on the page to the proxy configure() names', async () => {
  const base = freshBaseUrl();
  await useProxy(
    // The default proxy path answers "linked"; the configured one, "not linked".
    http.get('/api/saleschat/me', () => HttpResponse.json({ crmUserId: 'u', linked: true })),
    ...saleschatHandlers('notLinked', { baseUrl: base }),
  );
  mount('<saleschat-login-button></saleschat-login-button>');
  const login = page.getByRole('button', { name: 'Open Saleschat' });
  await expect.element(login).not.toHaveAttribute('aria-disabled');
  configure({ baseUrl: base });
  await expect.element(login).toHaveAttribute('aria-disabled', 'true');
});
