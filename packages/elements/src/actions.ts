import {
  SaleschatError,
  createSaleschatClient,
  openSaleschatTab,
  type ChatResponse,
  type LoginResponse,
  type SaleschatClient,
} from '@saleschat-kit/core';
import { toasts, type ToastInput } from './toasts';

/** A button's state, as the React components show it (`data-state`, `:state()`). */
export type ActionState = 'idle' | 'pending' | 'success' | 'error';

/** What one proxy (one base URL) shares across every element of the page. */
export interface Session {
  client: SaleschatClient;
  /** Whether the CRM user has a Saleschat user; `undefined` when /me failed (buttons stay usable). */
  linked: Promise<boolean | undefined>;
  /** The magic link fetched last, reused until shortly before it expires. */
  link?: LoginResponse;
  /** The /login call in flight: a prefetch and the click share it. */
  fetching?: Promise<LoginResponse>;
  /** Leads whose /chat call is in flight: a click for one of them sends nothing. */
  chatting: Set<string>;
}

const sessions = new Map<string, Session>();

/** The page's session with the proxy at `baseUrl`, made on first use. */
export function sessionFor(baseUrl: string): Session {
  let session = sessions.get(baseUrl);
  if (!session) {
    const client = createSaleschatClient({ baseUrl });
    session = {
      client,
      linked: client.me().then(
        (me) => me.linked,
        () => undefined,
      ),
      chatting: new Set(),
    };
    sessions.set(baseUrl, session);
  }
  return session;
}

function fetchLink(session: Session): Promise<LoginResponse> {
  return (session.fetching ??= session.client.login().then(
    (link) => {
      session.fetching = undefined;
      return (session.link = link);
    },
    (error: unknown) => {
      session.fetching = undefined;
      throw error;
    },
  ));
}

/** The stored link, unless it expires within 10 s (it could die before the tab loads it). */
const usableLink = (session: Session) =>
  session.link && Date.parse(session.link.expiresAt) - Date.now() > 10_000
    ? session.link
    : undefined;

/** Fetches the magic link ahead of a click (pointer over, or focus). */
export function prefetchLink(session: Session): void {
  if (!usableLink(session)) fetchLink(session).catch(() => undefined);
}

/**
 * Reports how an action ended: a `saleschat-success` / `saleschat-error` event on `target`
 * (bubbling out of shadow roots; cancel it to skip the kit's toast), then the toast.
 */
function report<T>(
  target: HTMLElement,
  work: Promise<T>,
  onState: (state: ActionState) => void,
  success: (answer: T) => ToastInput,
  failure: Omit<Extract<ToastInput, { kind: 'error' }>, 'kind' | 'error'>,
): void {
  onState('pending');
  const emit = (type: string, detail: unknown) =>
    target.dispatchEvent(
      new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable: true }),
    );
  work.then(
    (answer) => {
      onState('success');
      if (emit('saleschat-success', answer)) toasts.show(success(answer));
    },
    (thrown: unknown) => {
      const error = SaleschatError.from(thrown);
      onState('error');
      // Cancelled on purpose (the page navigated away): nothing to tell.
      if (emit('saleschat-error', error) && error.code !== 'ABORTED') {
        toasts.show({ kind: 'error', error, ...failure });
      }
    },
  );
}

const LOGIN_TOAST = 'saleschat-login';

/**
 * Opens Saleschat as the CRM user in the named tab. Must run inside the user's click: the tab
 * opens before anything is awaited (core's tab opener), and the same tab is navigated again on
 * the next Login.
 */
export function runLogin(
  target: HTMLElement,
  session: Session,
  tabName: string,
  onState: (state: ActionState) => void = () => undefined,
): void {
  const link = usableLink(session);
  const response = link ? Promise.resolve(link) : fetchLink(session);
  const opened = openSaleschatTab(link?.url ?? (async () => (await response).url), {
    name: tabName,
  }).then(() => response);
  report(target, opened, onState, () => ({ id: LOGIN_TOAST, kind: 'login' }), {
    id: LOGIN_TOAST,
    tabName,
    retry: () => runLogin(target, session, tabName, onState),
  });
}

/** Gives the agent the lead's chatroom; its success toast offers Login from its own click. */
export function runChat(
  target: HTMLElement,
  session: Session,
  crmCustomerId: string,
  leadName: string | undefined,
  tabName: string,
  onState: (state: ActionState) => void,
): void {
  if (session.chatting.has(crmCustomerId)) return;
  session.chatting.add(crmCustomerId);
  const work: Promise<ChatResponse> = session.client.openChat({ crmCustomerId });
  const done = () => session.chatting.delete(crmCustomerId);
  work.then(done, done);
  // One toast per lead: a retry's result replaces that lead's previous toast.
  const id = `saleschat-chat:${crmCustomerId}`;
  report(
    target,
    work,
    onState,
    (answer) => ({
      ...answer,
      id,
      kind: 'chat',
      name: leadName ?? answer.chatroomName,
      open: (from) => runLogin(from, session, tabName),
    }),
    {
      id,
      tabName,
      retry: () => runChat(target, session, crmCustomerId, leadName, tabName, onState),
    },
  );
}
