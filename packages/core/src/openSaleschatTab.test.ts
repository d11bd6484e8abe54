import { describe, expect, it } from 'vitest';
import { openSaleschatTab } from './openSaleschatTab';
import { SaleschatError } from './saleschatError';

/** A stand-in for `window` that records what the opener does, in order. */
function fakeWindow({ blocked = false } = {}) {
  const calls: string[] = [];
  const tab = {
    closed: false,
    opener: 'the CRM page' as unknown,
    location: { replace: (url: string) => calls.push(`navigate ${url}`) },
    close() {
      tab.closed = true;
      calls.push('close');
    },
    focus: () => calls.push('focus'),
  };
  const win = {
    open(url?: string | URL, target?: string, features?: string) {
      calls.push(`open ${JSON.stringify(url)} ${target} ${JSON.stringify(features ?? '')}`);
      tab.closed = false; // a window the browser hands out is open
      return blocked ? null : (tab as unknown as Window);
    },
  };
  return { win, tab, calls };
}

describe('openSaleschatTab', () => {
  it('opens a blank named tab before awaiting the URL, then navigates it', async () => {
    const { win, tab, calls } = fakeWindow();
    let resolveUrl!: (url: string) => void;
    const result = openSaleschatTab(
      () => new Promise<string>((resolve) => (resolveUrl = resolve)),
      {
        window: win,
      },
    );

    // Synchronously, inside the click: the tab exists, without the noopener flag, so the page
    // keeps the handle it needs to navigate it (now and on the next click).
    expect(calls).toEqual(['open "" saleschat ""', 'focus']);
    expect(tab.opener).toBe('the CRM page');

    resolveUrl('https://sc.test/magic/1');
    await expect(result).resolves.toBe('https://sc.test/magic/1');
    expect(calls.at(-1)).toBe('navigate https://sc.test/magic/1');
  });

  it('navigates straight to a URL that is already known, without a blank step', async () => {
    const { win, calls } = fakeWindow();
    await expect(openSaleschatTab('https://sc.test/magic/2', { window: win })).resolves.toBe(
      'https://sc.test/magic/2',
    );
    expect(calls).toEqual(['open "https://sc.test/magic/2" saleschat ""', 'focus']);
  });

  it('nulls the opener synchronously when asked to sever it', async () => {
    const { win, tab } = fakeWindow();
    const result = openSaleschatTab(() => Promise.resolve('https://sc.test/magic/s'), {
      window: win,
      severOpener: true,
    });
    expect(tab.opener).toBeNull();
    await result;
  });

  it('treats a getter that returns a string synchronously as an already known URL', async () => {
    const { win, calls } = fakeWindow();
    await openSaleschatTab(() => 'https://sc.test/magic/3', { window: win, name: 'sc-crm' });
    expect(calls[0]).toBe('open "https://sc.test/magic/3" sc-crm ""');
    expect(calls).not.toContain('open "" sc-crm ""');
  });

  it('closes the blank tab and rethrows when getting the URL fails', async () => {
    const { win, tab, calls } = fakeWindow();
    const failure = new SaleschatError({ code: 'USER_NOT_LINKED' });
    await expect(openSaleschatTab(() => Promise.reject(failure), { window: win })).rejects.toBe(
      failure,
    );
    expect(tab.closed).toBe(true);
    expect(calls).toEqual(['open "" saleschat ""', 'focus', 'close']);
  });

  it('throws POPUP_BLOCKED with the URL once known when the browser returns no window', async () => {
    const { win } = fakeWindow({ blocked: true });
    const error = await openSaleschatTab(() => Promise.resolve('https://sc.test/magic/4'), {
      window: win,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SaleschatError);
    expect(error).toMatchObject({ code: 'POPUP_BLOCKED', url: 'https://sc.test/magic/4' });
  });

  it('throws POPUP_BLOCKED with the URL when a known URL cannot be opened', async () => {
    const { win } = fakeWindow({ blocked: true });
    await expect(
      openSaleschatTab('https://sc.test/magic/5', { window: win }),
    ).rejects.toMatchObject({ code: 'POPUP_BLOCKED', url: 'https://sc.test/magic/5' });
  });

  it('rethrows the getter failure when the popup was blocked too', async () => {
    const { win } = fakeWindow({ blocked: true });
    const failure = new SaleschatError({ code: 'NETWORK' });
    await expect(openSaleschatTab(() => Promise.reject(failure), { window: win })).rejects.toBe(
      failure,
    );
  });

  it('offers the link when the user closed the blank tab before the URL arrived', async () => {
    const { win, tab } = fakeWindow();
    const result = openSaleschatTab(() => Promise.resolve('https://sc.test/magic/6'), {
      window: win,
    });
    tab.closed = true;
    await expect(result).rejects.toMatchObject({
      code: 'POPUP_BLOCKED',
      url: 'https://sc.test/magic/6',
    });
  });
});

describe('openSaleschatTab — one tab across clicks', () => {
  it('navigates the tab it opened before instead of opening another', async () => {
    const { win, calls } = fakeWindow();
    await openSaleschatTab(() => Promise.resolve('https://sc.test/magic/a'), { window: win });
    await openSaleschatTab('https://sc.test/magic/b', { window: win });
    await openSaleschatTab(() => Promise.resolve('https://sc.test/magic/c'), { window: win });
    expect(calls.filter((call) => call.startsWith('open'))).toEqual(['open "" saleschat ""']);
    expect(calls.filter((call) => call.startsWith('navigate'))).toEqual([
      'navigate https://sc.test/magic/a',
      'navigate https://sc.test/magic/b',
      'navigate https://sc.test/magic/c',
    ]);
  });

  it('opens a new tab once the user closed the previous one', async () => {
    const { win, tab, calls } = fakeWindow();
    await openSaleschatTab('https://sc.test/magic/a', { window: win });
    tab.closed = true;
    await openSaleschatTab('https://sc.test/magic/b', { window: win });
    expect(calls.filter((call) => call.startsWith('open'))).toEqual([
      'open "https://sc.test/magic/a" saleschat ""',
      'open "https://sc.test/magic/b" saleschat ""',
    ]);
  });

  it('keeps a reused tab open when getting the next URL fails', async () => {
    const { win, tab } = fakeWindow();
    await openSaleschatTab('https://sc.test/magic/a', { window: win });
    await expect(
      openSaleschatTab(() => Promise.reject(new SaleschatError({ code: 'NETWORK' })), {
        window: win,
      }),
    ).rejects.toMatchObject({ code: 'NETWORK' });
    expect(tab.closed).toBe(false);
  });

  it('keeps tabs of different names apart', async () => {
    const { win, calls } = fakeWindow();
    await openSaleschatTab('https://sc.test/magic/a', { window: win, name: 'one' });
    await openSaleschatTab('https://sc.test/magic/b', { window: win, name: 'two' });
    expect(calls.filter((call) => call.startsWith('open'))).toHaveLength(2);
  });
});
