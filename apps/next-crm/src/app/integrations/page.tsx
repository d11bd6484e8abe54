import { LoginButton } from '@saleschat-kit/ui';
import { redirect } from 'next/navigation';
import { currentAgent } from '../../crm';

export default async function IntegrationsPage() {
  if (!(await currentAgent())) redirect('/');
  return (
    <>
      <h1>Integrations</h1>
      <p>Open your Saleschat dashboard; use the Chat button on a lead to start a conversation.</p>
      <LoginButton />
    </>
  );
}
