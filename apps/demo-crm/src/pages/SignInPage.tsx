import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { crmApi } from '../crmApi';

export function SignInPage() {
  const queryClient = useQueryClient();
  const agents = useQuery({ queryKey: ['agents'], queryFn: crmApi.agents });
  const signIn = useMutation({
    mutationFn: crmApi.signIn,
    onSuccess: (agent) => queryClient.setQueryData(['session'], agent),
  });

  return (
    <main className="sign-in">
      <h1>Demo CRM</h1>
      <p>Sign in as one of the seeded team members.</p>
      {agents.isPending && <p role="status">Loading the team…</p>}
      {agents.isError && <p role="alert">Could not load the team: {agents.error.message}</p>}
      <ul className="agent-list">
        {agents.data?.map((agent) => (
          <li key={agent.id}>
            <button
              type="button"
              className="agent-card"
              onClick={() => signIn.mutate(agent.id)}
              disabled={signIn.isPending}
            >
              <span className="avatar" aria-hidden="true">
                {agent.name
                  .split(' ')
                  .map((part) => part[0])
                  .join('')}
              </span>
              <span>
                Sign in as <strong>{agent.name}</strong>
                <small>
                  {agent.role === 'manager' ? 'Sales manager' : 'Sales agent'}
                  {agent.usesSaleschat ? '' : ' · no Saleschat account'}
                </small>
              </span>
            </button>
          </li>
        ))}
      </ul>
      {signIn.isError && <p role="alert">Sign-in failed: {signIn.error.message}</p>}
    </main>
  );
}
