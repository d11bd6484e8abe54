import '@testing-library/jest-dom/vitest';
import { SaleschatError } from '@saleschat-kit/core';
import { render, screen } from '@testing-library/react';
import { http } from 'msw';
import { StrictMode } from 'react';
import { describe, expect, it } from 'vitest';
import { useSaleschatMe } from './index';
import { saleschatHandlers, type SaleschatScenario } from './testing';
import { quietRenderErrors, renderWithProvider, setupHookTests } from './test/hookTestSetup';

const server = setupHookTests();

/** Answers as `scenario`; returns a log of the GET /me calls that reached the proxy. */
function serve(scenario: SaleschatScenario) {
  const sent: string[] = [];
  server.use(
    http.get('/api/saleschat/me', () => {
      sent.push('GET /me');
    }),
    ...saleschatHandlers(scenario),
  );
  return sent;
}

function LoginAvailability() {
  const { status, linked, data, error } = useSaleschatMe();
  return (
    <p role="status">
      {[
        status,
        data?.crmUserId,
        linked === undefined ? 'linked unknown' : linked ? 'linked' : 'not linked',
        error instanceof SaleschatError && `SaleschatError ${error.code}`,
      ]
        .filter(Boolean)
        .join(' · ')}
    </p>
  );
}

describe('useSaleschatMe', () => {
  it('is pending, then tells that the CRM user is linked', async () => {
    serve('success');
    renderWithProvider(<LoginAvailability />);
    expect(screen.getByRole('status')).toHaveTextContent('pending · linked unknown');
    expect(await screen.findByText('success · crm-user-1 · linked')).toBeInTheDocument();
  });

  it('tells that the CRM user is not linked', async () => {
    serve('notLinked');
    renderWithProvider(<LoginAvailability />);
    expect(await screen.findByText('success · crm-user-1 · not linked')).toBeInTheDocument();
  });

  it('turns a refusal into a SaleschatError in `error`', async () => {
    server.use(http.get('/api/saleschat/me', () => Response.json({}, { status: 401 })));
    renderWithProvider(<LoginAvailability />);
    expect(
      await screen.findByText('error · linked unknown · SaleschatError UNAUTHENTICATED'),
    ).toBeInTheDocument();
  });

  it('asks once under StrictMode, and once for several components', async () => {
    const sent = serve('success');
    renderWithProvider(
      <StrictMode>
        <LoginAvailability />
        <LoginAvailability />
      </StrictMode>,
    );
    expect(await screen.findAllByText('success · crm-user-1 · linked')).toHaveLength(2);
    expect(sent).toEqual(['GET /me']);
  });

  it('names itself and the fix when used outside <SaleschatProvider>', () => {
    quietRenderErrors();
    expect(() => render(<LoginAvailability />)).toThrow(
      'useSaleschatMe() must be called inside <SaleschatProvider>.',
    );
  });
});
