import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { AGENTS, currentAgent, SESSION_COOKIE, sessionValue } from '../crm';

async function signIn(form: FormData) {
  'use server';
  const agent = AGENTS.find((candidate) => candidate.id === form.get('agentId'));
  if (!agent) return;
  (await cookies()).set(SESSION_COOKIE, sessionValue(agent.id), {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
  });
  redirect('/leads');
}

export default async function SignInPage() {
  if (await currentAgent()) redirect('/leads');
  return (
    <>
      <h1>Sign in</h1>
      {AGENTS.map((agent) => (
        <form key={agent.id} action={signIn}>
          <input type="hidden" name="agentId" value={agent.id} />
          <button type="submit">
            Sign in as {agent.firstName} {agent.lastName}
          </button>
        </form>
      ))}
    </>
  );
}
