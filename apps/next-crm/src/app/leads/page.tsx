import Link from 'next/link';
import { redirect } from 'next/navigation';
import { currentAgent, LEADS } from '../../crm';

export default async function LeadsPage() {
  if (!(await currentAgent())) redirect('/');
  return (
    <>
      <h1>Leads</h1>
      <ul>
        {[...LEADS.values()].map((lead) => (
          <li key={lead.id}>
            <Link href={`/leads/${lead.id}`}>
              {lead.firstName} {lead.lastName}
            </Link>{' '}
            — {lead.company}
          </li>
        ))}
      </ul>
    </>
  );
}
