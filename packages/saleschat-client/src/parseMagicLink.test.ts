import { describe, expect, it } from 'vitest';
import { parseMagicLink } from './parseMagicLink';

const NOW = Date.parse('2025-01-01T00:00:00.000Z');
const options = { now: NOW, fallbackTtlMs: 5 * 60_000, allowHttp: false };
const fallback = new Date(NOW + 5 * 60_000);

describe('parseMagicLink', () => {
  it.each([
    ['magic_link', { magic_link: 'https://app.saleschat.pro/m/1' }],
    ['magicLink', { magicLink: 'https://app.saleschat.pro/m/1' }],
    ['link', { link: 'https://app.saleschat.pro/m/1' }],
    ['url', { url: 'https://app.saleschat.pro/m/1' }],
    ['login_url', { login_url: 'https://app.saleschat.pro/m/1' }],
    ['a nested link', { data: { link: 'https://app.saleschat.pro/m/1' } }],
    [
      'any absolute URL when no key is known',
      { result: { goto: 'https://app.saleschat.pro/m/1' } },
    ],
    ['a bare string', 'https://app.saleschat.pro/m/1'],
  ])('finds the link under %s', (_name, body) => {
    expect(parseMagicLink(body, options)).toEqual({
      url: 'https://app.saleschat.pro/m/1',
      expiresAt: fallback,
    });
  });

  it('prefers a known key over another URL in the answer', () => {
    const body = {
      avatar: 'https://cdn.saleschat.pro/a.png',
      data: { magic_link: 'https://app.saleschat.pro/m/2' },
    };
    // Breadth first: the top-level avatar is not under a link key, the nested magic_link is.
    expect(parseMagicLink(body, options)?.url).toBe('https://app.saleschat.pro/m/2');
  });

  it.each([
    ['ISO-8601', { expires_at: '2025-01-01T00:15:00.000Z' }],
    ['epoch seconds', { expiry: NOW / 1000 + 15 * 60 }],
    ['epoch milliseconds', { expiresAt: NOW + 15 * 60_000 }],
    ['a numeric string', { expiry_ts: String(NOW / 1000 + 15 * 60) }],
    ['seconds to live', { expires_in: 15 * 60 }],
  ])('reads the expiry as %s', (_name, expiry) => {
    const parsed = parseMagicLink({ magic_link: 'https://a.example/m', ...expiry }, options);
    expect(parsed?.expiresAt.toISOString()).toBe('2025-01-01T00:15:00.000Z');
  });

  it('falls back to now + the configured lifetime when the expiry is missing or unreadable', () => {
    expect(
      parseMagicLink({ link: 'https://a.example/m', expires_at: 'soon' }, options)?.expiresAt,
    ).toEqual(fallback);
  });

  it('refuses http links unless Saleschat itself is on http, and anything that is not a URL', () => {
    expect(parseMagicLink({ link: 'http://a.example/m' }, options)).toBeNull();
    expect(
      parseMagicLink({ link: 'http://a.example/m' }, { ...options, allowHttp: true })?.url,
    ).toBe('http://a.example/m');
    expect(parseMagicLink({ link: 'javascript:alert(1)' }, options)).toBeNull();
    expect(parseMagicLink({ link: '/relative/path' }, options)).toBeNull();
    expect(parseMagicLink({}, options)).toBeNull();
    expect(parseMagicLink(null, options)).toBeNull();
    expect(parseMagicLink(42, options)).toBeNull();
  });
});
