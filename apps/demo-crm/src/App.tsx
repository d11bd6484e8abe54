import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { crmApi } from './crmApi';
import { IntegrationsPage } from './pages/IntegrationsPage';
import { LeadPage } from './pages/LeadPage';
import { LeadsPage } from './pages/LeadsPage';
import { SignInPage } from './pages/SignInPage';
import { navigate, usePath } from './router';
import { WithSaleschat } from './saleschat';

export function App() {
  const queryClient = useQueryClient();
  const path = usePath();
  const session = useQuery({ queryKey: ['session'], queryFn: crmApi.session, retry: false });
  const signOut = useMutation({
    mutationFn: crmApi.signOut,
    onSuccess: () => queryClient.clear(),
  });

  if (session.isPending) return <p role="status">Loading…</p>;
  if (!session.data) return <SignInPage />;

  const leadId = /^\/leads\/([^/]+)$/.exec(path)?.[1];
  const link = (to: string, label: string) => (
    <a
      href={to}
      aria-current={path === to || (to === '/leads' && !!leadId) ? 'page' : undefined}
      onClick={(event) => {
        event.preventDefault();
        navigate(to);
      }}
    >
      {label}
    </a>
  );

  return (
    // Keyed by user: switching agents starts a fresh Saleschat state (links are per agent).
    <WithSaleschat key={session.data.id}>
      <div className="shell">
        <nav className="sidebar" aria-label="Main">
          <strong className="brand">Demo CRM</strong>
          {link('/leads', 'Leads')}
          {link('/integrations', 'Integrations')}
          <div className="who">
            <span>{session.data.name}</span>
            <button type="button" onClick={() => signOut.mutate()}>
              Sign out
            </button>
          </div>
        </nav>
        <main className="content">
          {path === '/integrations' ? (
            <IntegrationsPage />
          ) : leadId ? (
            <LeadPage id={decodeURIComponent(leadId)} />
          ) : (
            <LeadsPage />
          )}
        </main>
      </div>
    </WithSaleschat>
  );
}
