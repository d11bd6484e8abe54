import { LoginButton } from '@saleschat-kit/ui';

export function IntegrationsPage() {
  return (
    <section aria-labelledby="integrations-title">
      <h1 id="integrations-title">Integrations</h1>
      <div className="card">
        <h2>Saleschat</h2>
        <p>
          Chat with leads on WhatsApp without seeing their phone numbers. Open your Saleschat
          dashboard here; use the Chat button on a lead to start a conversation.
        </p>
        <LoginButton />
      </div>
    </section>
  );
}
