import {
  SaleschatError,
  createSaleschatClient,
  type SaleschatErrorCode,
} from '@saleschat-kit/core';
import { SaleschatProvider } from '@saleschat-kit/react';
import { saleschatHandlers, type SaleschatScenario } from '@saleschat-kit/react/testing';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { QueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { STORY_BASE_URL } from '../storybook/kit';
import { ChatButton } from './chat-button';
import { LoginButton } from './login-button';
import { SaleschatToaster } from './saleschat-toaster';
import { createToastStore, type ToastInput } from './toastStore';
import type { SaleschatButtonProps } from './types';

/** Each column is one state, reached through its own fake proxy (and its own QueryClient). */
const COLUMNS: { title: string; scenario: SaleschatScenario; state: string; click: boolean }[] = [
  { title: 'Idle', scenario: 'success', state: 'idle', click: false },
  { title: 'Pending', scenario: 'slow', state: 'pending', click: true },
  { title: 'Success', scenario: 'created', state: 'success', click: true },
  { title: 'Error', scenario: 'SALESCHAT_ERROR', state: 'error', click: true },
  { title: 'Not linked', scenario: 'notLinked', state: 'idle', click: false },
];
const columnUrl = (scenario: SaleschatScenario) => `${STORY_BASE_URL}/grid/${scenario}`;

const ROWS: Pick<SaleschatButtonProps, 'size' | 'variant'>[] = [
  { size: 'md', variant: 'solid' },
  { size: 'md', variant: 'outline' },
  { size: 'md', variant: 'ghost' },
  { size: 'md', variant: 'icon' },
  { size: 'sm', variant: 'solid' },
  { size: 'sm', variant: 'icon' },
];

const ERROR_CODES: SaleschatErrorCode[] = [
  'INVALID_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'LEAD_NOT_FOUND',
  'OPT_IN_MISSING',
  'USER_NOT_LINKED',
  'INTERNAL',
  'SALESCHAT_UNAVAILABLE',
  'NETWORK',
  'TIMEOUT',
];

/** Every toast the kit shows, once. */
const TOASTS: ToastInput[] = [
  { kind: 'login' },
  { kind: 'chat', name: 'Ada Lovelace', contact: 'created', assignment: 'assigned', open() {} },
  { kind: 'chat', name: 'Ada Lovelace', contact: 'existing', assignment: 'assigned' },
  { kind: 'chat', name: 'Ada Lovelace', contact: 'existing', assignment: 'reassigned' },
  { kind: 'chat', name: 'Ada Lovelace', contact: 'existing', assignment: 'unchanged' },
  {
    kind: 'chat',
    name: 'Ada Lovelace',
    contact: 'existing',
    assignment: 'assigned',
    assignedTo: { to: 'group', groupName: 'Sales' },
  },
  {
    kind: 'chat',
    name: 'Ada Lovelace',
    contact: 'existing',
    assignment: 'assigned',
    assignedTo: { to: 'handover' },
  },
  {
    kind: 'error',
    error: new SaleschatError({
      code: 'SALESCHAT_ERROR',
      saleschat: { code: 4090001, message: 'UQ_CONSTRAINT_FAILED' },
      requestId: 'req-4f2a9c',
    }),
  },
  {
    kind: 'error',
    error: new SaleschatError({ code: 'RATE_LIMITED', retryAfterMs: 7000, requestId: 'req-77' }),
    retry() {},
  },
  {
    kind: 'error',
    error: new SaleschatError({ code: 'POPUP_BLOCKED', url: 'https://saleschat.example/magic' }),
  },
  ...ERROR_CODES.map((code): ToastInput => ({
    kind: 'error',
    error: new SaleschatError({ code, requestId: `req-${code.toLowerCase()}` }),
    retry() {},
  })),
];

/**
 * A column's own proxy and QueryClient, so /me answers differ per column. Its client never times
 * out: clicking the whole grid takes over the default 15 s on a loaded machine, and the Pending
 * column's first click must still be pending at the end.
 */
function Column({ scenario, children }: { scenario: SaleschatScenario; children: ReactNode }) {
  const [queryClient] = useState(() => new QueryClient());
  const [client] = useState(() =>
    createSaleschatClient({ baseUrl: columnUrl(scenario), timeoutMs: 10 * 60_000 }),
  );
  return (
    <SaleschatProvider client={client} queryClient={queryClient}>
      {children}
    </SaleschatProvider>
  );
}

function AllStates() {
  const [store] = useState(() => {
    const toasts = createToastStore({ limit: TOASTS.length });
    for (const toast of TOASTS) toasts.show(toast);
    return toasts;
  });
  const [list, setList] = useState<HTMLElement | null>(null);
  return (
    <>
      <table className="sc-story-grid">
        <thead>
          <tr>
            <th scope="col">Size · variant</th>
            {COLUMNS.map((column) => (
              <th key={column.title} scope="col">
                {column.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {ROWS.map((row) => (
            <tr key={`${row.size}-${row.variant}`}>
              <th scope="row">
                {row.size} · {row.variant}
              </th>
              {COLUMNS.map((column) => (
                <td key={column.title} data-column={column.title}>
                  <Column scenario={column.scenario}>
                    <div className="sc-story-row">
                      <LoginButton {...row} toast={false} />
                      <ChatButton {...row} toast={false} crmCustomerId="lead-42" leadName="Ada" />
                    </div>
                  </Column>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Toasts</h2>
      <div className="sc-story-toasts" ref={setList} />
      {list && (
        <SaleschatToaster store={store} container={list} duration={Infinity} hotkey={['F9']} />
      )}
    </>
  );
}

const meta = {
  title: 'All states',
  component: AllStates,
  parameters: {
    saleschat: {
      handlers: COLUMNS.flatMap(({ scenario }) =>
        saleschatHandlers(scenario, { baseUrl: columnUrl(scenario) }),
      ),
    },
  },
} satisfies Meta<typeof AllStates>;

export default meta;

/** Every button state in every size and variant, and every toast, on one page. */
export const Grid: StoryObj<typeof meta> = {
  play: async ({ canvasElement }) => {
    for (const column of COLUMNS.filter(({ click }) => click)) {
      const cells = canvasElement.querySelectorAll(`td[data-column="${column.title}"]`);
      for (const cell of cells) {
        for (const button of within(cell as HTMLElement).getAllByRole('button')) {
          await userEvent.click(button);
        }
      }
    }
    for (const column of COLUMNS) {
      const cells = [...canvasElement.querySelectorAll(`td[data-column="${column.title}"]`)];
      const buttons = cells.flatMap((cell) => within(cell as HTMLElement).getAllByRole('button'));
      await waitFor(() =>
        expect(buttons.map((button) => button.dataset.state)).toEqual(
          buttons.map(() => column.state),
        ),
      );
      if (column.title === 'Not linked') {
        await waitFor(() =>
          expect(buttons.every((button) => button.ariaDisabled === 'true')).toBe(true),
        );
      }
    }
    const list = within(canvasElement).getByRole('region', {
      name: 'Saleschat notifications (F9)',
    });
    await expect(within(list).getAllByRole('listitem')).toHaveLength(TOASTS.length);
  },
};
