import { useMutation, useQuery } from '@tanstack/react-query';
import { crmApi, CrmApiError } from '../crmApi';
import { navigate } from '../router';
import { ChatButton } from '@saleschat-kit/ui';
import { LeadNameForm } from './LeadNameForm';

export function LeadPage({ id }: { id: string }) {
  const lead = useQuery({
    queryKey: ['lead', id],
    queryFn: () => crmApi.lead(id),
    // A lead that does not exist will not appear on a retry: say so at once.
    retry: (failures, error) =>
      !(error instanceof CrmApiError && error.status === 404) && failures < 3,
  });
  const call = useMutation({ mutationFn: () => crmApi.call(id) });

  if (lead.isPending) return <p role="status">Loading lead…</p>;
  if (lead.isError) {
    const missing = lead.error instanceof CrmApiError && lead.error.status === 404;
    return (
      <section aria-labelledby="lead-title">
        <AllLeadsLink />
        <h1 id="lead-title">{missing ? 'Lead not found' : 'Could not load this lead'}</h1>
        <p role="alert">{missing ? `There is no lead with the id ${id}.` : lead.error.message}</p>
      </section>
    );
  }

  const { data } = lead;
  return (
    <article className="lead" aria-labelledby="lead-title">
      <AllLeadsLink />
      <header className="page-header">
        <h1 id="lead-title">{data.name}</h1>
        <span className={`stage stage-${data.stage.toLowerCase()}`}>{data.stage}</span>
      </header>
      <div className="quick-actions" role="group" aria-label="Quick actions">
        <button type="button" className="crm-button" onClick={() => call.mutate()}>
          {call.isPending ? 'Calling…' : 'Call'}
        </button>
        <ChatButton crmCustomerId={data.id} leadName={data.name} />
      </div>
      {call.isSuccess && (
        <p role="status">Ringing {call.data.to} (the demo dialer does not place real calls).</p>
      )}
      <dl className="facts">
        <dt>Lead id</dt>
        <dd>{data.id}</dd>
        <dt>Company</dt>
        <dd>{data.company}</dd>
        <dt>Owner</dt>
        <dd>{data.owner}</dd>
        <dt>Phone</dt>
        <dd>{data.phoneMasked}</dd>
        {data.doNotContact && (
          <>
            <dt>Consent</dt>
            <dd>Asked not to be contacted</dd>
          </>
        )}
      </dl>
      <LeadNameForm key={data.id} lead={data} />
    </article>
  );
}

function AllLeadsLink() {
  return (
    <a
      href="/leads"
      onClick={(event) => {
        event.preventDefault();
        navigate('/leads');
      }}
    >
      ← All leads
    </a>
  );
}
