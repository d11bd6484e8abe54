import { useState } from 'react';
import { useSaleschatMessages } from './saleschat-messages-provider';

/** The request id a support person asks for, with a button that copies it. */
export function RequestId({ id }: { id: string }) {
  const messages = useSaleschatMessages();
  const [copied, setCopied] = useState(false);
  const copy = () => {
    // Without a clipboard (an insecure origin), the id stays selectable text: nothing to report.
    navigator.clipboard?.writeText(id).then(
      () => setCopied(true),
      () => undefined,
    );
  };
  return (
    <p className="sc-toast-meta">
      {messages['toast.requestId']} <code>{id}</code>{' '}
      <button type="button" className="sc-toast-btn" onClick={copy}>
        {copied ? messages['toast.copied'] : messages['toast.copy']}
      </button>
    </p>
  );
}
