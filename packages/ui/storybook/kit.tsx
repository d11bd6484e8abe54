import { createSaleschatClient, type SaleschatClient } from '@saleschat-kit/core';
import { SaleschatProvider } from '@saleschat-kit/react';
import {
  blockPopups,
  saleschatHandlers,
  type SaleschatHandlersOptions,
  type SaleschatScenario,
} from '@saleschat-kit/react/testing';
import type { Decorator, Loader, Preview } from '@storybook/react-vite';
import { QueryClient } from '@tanstack/react-query';
import type { RequestHandler } from 'msw';
import { en } from '../src/en';
import { fr } from '../src/locales/fr';
import { SaleschatMessagesProvider } from '../src/saleschat-messages-provider';
import { SaleschatToaster } from '../src/saleschat-toaster';
import { SaleschatThemeProvider, type SaleschatTheme } from '../src/theme';
import { saleschatToasts } from '../src/toastStore';
import { setStoryHandlers } from './msw';
import './story.css';

/** Where the stories' fake proxy is mounted. */
export const STORY_BASE_URL = '/api/saleschat';

/** `parameters.saleschat` of a story: how the fake proxy and the browser behave. */
export interface SaleschatStoryParameters extends Omit<SaleschatHandlersOptions, 'baseUrl'> {
  /** The fake proxy's answers (see `@saleschat-kit/react/testing`). Default: `'success'`. */
  scenario?: SaleschatScenario;
  /** Handlers tried before the scenario's, e.g. a network failure. Default: none. */
  handlers?: RequestHandler[];
  /** The browser blocks the Saleschat tab (`window.open` returns null). Default: `false`. */
  blockPopups?: boolean;
  /** Makes the client instead of one from the base URL (e.g. with a short timeout). */
  client?: () => SaleschatClient;
}

const storyParameters = (parameters: Record<string, unknown>) =>
  (parameters.saleschat ?? {}) as SaleschatStoryParameters;

/** Where each Saleschat tab the stories opened was pointed: `[tab name, URL]`. */
export const openedTabs: [name: string, url: string][] = [];

/**
 * Stands in for the browser's tabs: a real tab would take the focus from the story, and a
 * hidden page pauses its animations and timers. The fake records where it was sent; leaving
 * the story closes it, so the next story opens its own.
 */
function fakeTabs(target: Window): () => void {
  const open = target.open;
  const tabs: { closed: boolean }[] = [];
  target.open = (url = '', name = '') => {
    const tab = { closed: false, opener: target, focus() {}, close() {}, location: { replace } };
    function replace(next: string | URL) {
      openedTabs.push([name, String(next)]);
    }
    tabs.push(tab);
    if (url) replace(url);
    return tab as unknown as Window;
  };
  return () => {
    target.open = open;
    for (const tab of tabs) tab.closed = true;
  };
}

/**
 * A fresh QueryClient per story (no cache carried over), retries off as in the tests. A `slow`
 * story's calls never time out: with the client's default 15 s, a call left pending would fail
 * later, and its error toast would land in whichever story runs then (the store is page-wide).
 */
export const saleschatLoader: Loader = ({ parameters }) => {
  const { client, scenario } = storyParameters(parameters);
  return {
    queryClient: new QueryClient({
      defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
    }),
    client:
      client?.() ??
      (scenario === 'slow'
        ? createSaleschatClient({ baseUrl: STORY_BASE_URL, timeoutMs: 24 * 60 * 60_000 })
        : undefined),
  };
};

/** Installs the story's fake proxy and popup behaviour; undoes them when the story is left. */
export const saleschatBeforeEach: NonNullable<Preview['beforeEach']> = async ({ parameters }) => {
  const { scenario = 'success', handlers = [], ...options } = storyParameters(parameters);
  saleschatToasts.clear();
  openedTabs.length = 0;
  await setStoryHandlers(
    [...handlers, ...saleschatHandlers(scenario, { ...options, baseUrl: STORY_BASE_URL })],
    STORY_BASE_URL,
  );
  const undo = options.blockPopups ? blockPopups(window) : fakeTabs(window);
  return () => {
    undo();
    saleschatToasts.clear();
  };
};

/**
 * Provider, catalogue, theme, direction and toaster around every story, from the toolbar. The
 * story sits on a host page of its own colours (`host`: light or dark), which the kit's
 * stylesheet must leave alone; the kit's theme (`theme`, `'system'` by default) is the host's
 * choice of the kit's colours, which the Vitest runs check under both system colour schemes.
 */
export const withSaleschat: Decorator = (Story, { globals, loaded }) => {
  const theme: SaleschatTheme = ['light', 'dark'].includes(globals.theme)
    ? globals.theme
    : 'system';
  const host = globals.host === 'dark' ? 'dark' : 'light';
  const dir = globals.dir === 'rtl' ? 'rtl' : 'ltr';
  const locale = globals.locale === 'fr' ? 'fr' : 'en';
  const { queryClient, client } = loaded as { queryClient: QueryClient; client?: SaleschatClient };
  const connection = client ? { client } : { baseUrl: STORY_BASE_URL };
  return (
    <SaleschatProvider {...connection} queryClient={queryClient}>
      <SaleschatMessagesProvider messages={locale === 'fr' ? fr : en}>
        <SaleschatThemeProvider theme={theme}>
          <div className="sc-story" dir={dir} lang={locale} data-host={host}>
            <Story />
          </div>
          <SaleschatToaster dir={dir} />
        </SaleschatThemeProvider>
      </SaleschatMessagesProvider>
    </SaleschatProvider>
  );
};

/** Toolbar menus for designers: kit theme, host page, direction, language. */
export const globalTypes: Preview['globalTypes'] = {
  theme: {
    description: "The kit's colour theme (the `theme` prop)",
    toolbar: {
      title: 'Theme',
      icon: 'contrast',
      items: ['system', 'light', 'dark'],
      dynamicTitle: true,
    },
  },
  host: {
    description: "The host page's own colours",
    toolbar: { title: 'Host page', icon: 'browser', items: ['light', 'dark'], dynamicTitle: true },
  },
  dir: {
    description: 'Text direction',
    toolbar: { title: 'Direction', icon: 'transfer', items: ['ltr', 'rtl'], dynamicTitle: true },
  },
  locale: {
    description: 'Message catalogue',
    toolbar: {
      title: 'Language',
      icon: 'globe',
      items: [
        { value: 'en', title: 'English' },
        { value: 'fr', title: 'Français' },
      ],
      dynamicTitle: true,
    },
  },
};
