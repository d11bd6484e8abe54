import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { crmApi, type LeadView } from '../crmApi';
import { NAME_MAX_LENGTH, leadNameProblems, type LeadNames } from '../leadNames';

/**
 * Edits a lead's first and last name. Saved to the CRM only: the kit's proxy sees the new names
 * on the next Chat and renames the contact (and its chatroom) in Saleschat then.
 */
export function LeadNameForm({ lead }: { lead: LeadView }) {
  const queryClient = useQueryClient();
  const [names, setNames] = useState<LeadNames>({
    firstName: lead.firstName,
    lastName: lead.lastName,
  });
  const [problems, setProblems] = useState<ReturnType<typeof leadNameProblems>>({});
  const inputs = useRef<Partial<Record<keyof LeadNames, HTMLInputElement | null>>>({});
  const save = useMutation({
    mutationFn: (next: LeadNames) => crmApi.renameLead(lead.id, next),
    onSuccess: (saved) => {
      queryClient.setQueryData(['lead', lead.id], saved);
      void queryClient.invalidateQueries({ queryKey: ['leads'] });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (save.isPending) return;
    const found = leadNameProblems(names);
    setProblems(found);
    const firstWrong = (['firstName', 'lastName'] as const).find((field) => found[field]);
    // Focus the first field to fix: its error is its description, so it is read out with it.
    if (firstWrong) return inputs.current[firstWrong]?.focus();
    save.mutate(names);
  };

  const field = (name: keyof LeadNames, label: string) => (
    <NameField
      label={label}
      value={names[name]}
      problem={problems[name]}
      inputRef={(input) => {
        inputs.current[name] = input;
      }}
      onChange={(value) => {
        setNames((current) => ({ ...current, [name]: value }));
        save.reset();
      }}
    />
  );

  return (
    <section className="card" aria-labelledby="lead-name-title">
      <h2 id="lead-name-title">Edit name</h2>
      <form className="name-form" noValidate onSubmit={submit}>
        {field('firstName', 'First name')}
        {field('lastName', 'Last name')}
        <div className="name-form-actions">
          <button type="submit" className="crm-button" aria-disabled={save.isPending || undefined}>
            {save.isPending ? 'Saving…' : 'Save name'}
          </button>
          <p role="status" className="muted">
            {save.isSuccess && 'Name saved. The next Chat renames the lead in Saleschat.'}
          </p>
        </div>
        {save.isError && <p role="alert">Could not save: {save.error.message}</p>}
      </form>
    </section>
  );
}

function NameField({
  label,
  value,
  problem,
  inputRef,
  onChange,
}: {
  label: string;
  value: string;
  problem: string | undefined;
  inputRef: (input: HTMLInputElement | null) => void;
  onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <div className="name-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        ref={inputRef}
        value={value}
        required
        maxLength={NAME_MAX_LENGTH}
        autoComplete="off"
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-problem` : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {problem && (
        <span id={`${id}-problem`} className="field-problem">
          {problem}
        </span>
      )}
    </div>
  );
}
