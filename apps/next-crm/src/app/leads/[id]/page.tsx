import { ChatButton } from '@saleschat-kit/ui';
import { notFound, redirect } from 'next/navigation';
import { currentAgent, LEADS } from '../../../crm';

// A server component: the lead's phone stays here; only its id and name reach the button.
export default async function LeadPage({ params }: { params: Promise<{ id: string }> }) {
  if (!(await currentAgent())) redirect('/');
  const lead = LEADS.get((await params).id);
  if (!lead) notFound();
  const name = `${lead.firstName} ${lead.lastName}`;
  return (
    <>
      <h1>{name}</h1>
      <p>{lead.company}</p>
      <ChatButton crmCustomerId={lead.id} leadName={name} />
    </>
  );
}
