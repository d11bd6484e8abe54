import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { crmApi } from '../crmApi';
import { navigate } from '../router';
import { ChatButton } from '@saleschat-kit/ui';

export function LeadsPage() {
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(1);
  const deferredQuery = useDeferredValue(query);
  const leads = useQuery({
    queryKey: ['leads', deferredQuery, page],
    queryFn: () => crmApi.leads(deferredQuery, page),
    placeholderData: keepPreviousData,
  });

  return (
    <section aria-labelledby="leads-title">
      <header className="page-header">
        <h1 id="leads-title">Leads</h1>
        <input
          type="search"
          aria-label="Search leads"
          placeholder="Search by name, company, stage or owner"
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setPage(1);
          }}
        />
      </header>
      {leads.isError && <p role="alert">Could not load leads: {leads.error.message}</p>}
      <table className="leads">
        <thead>
          <tr>
            <th scope="col">Lead</th>
            <th scope="col">Company</th>
            <th scope="col">Stage</th>
            <th scope="col">Owner</th>
            <th scope="col">Phone</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {leads.data?.items.map((lead) => (
            <tr key={lead.id}>
              <td>
                <a
                  href={`/leads/${lead.id}`}
                  onClick={(event) => {
                    event.preventDefault();
                    navigate(`/leads/${lead.id}`);
                  }}
                >
                  {lead.name}
                </a>
                <small className="muted"> {lead.id}</small>
              </td>
              <td>{lead.company}</td>
              <td>
                <span className={`stage stage-${lead.stage.toLowerCase()}`}>{lead.stage}</span>
              </td>
              <td>{lead.owner}</td>
              <td className="muted">{lead.phoneMasked}</td>
              <td>
                <ChatButton
                  crmCustomerId={lead.id}
                  leadName={lead.name}
                  size="sm"
                  variant="ghost"
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {leads.data && (
        <nav className="pager" aria-label="Pages">
          <button type="button" onClick={() => setPage(page - 1)} disabled={page <= 1}>
            Previous
          </button>
          <span aria-live="polite">
            Page {leads.data.page} of {leads.data.pages} · {leads.data.total} leads
          </span>
          <button
            type="button"
            onClick={() => setPage(page + 1)}
            disabled={page >= leads.data.pages}
          >
            Next
          </button>
        </nav>
      )}
    </section>
  );
}
