import { SaleschatProvider } from '@saleschat-kit/react';
import { SaleschatToaster } from '@saleschat-kit/ui';
import '@saleschat-kit/ui/styles.css';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { currentAgent } from '../crm';

export const metadata = { title: 'Next CRM' };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const agent = await currentAgent();
  return (
    <html lang="en">
      <body>
        {/* Keyed by agent: another agent starts a fresh Saleschat state (links are per agent). */}
        <SaleschatProvider key={agent?.id} baseUrl="/api/saleschat">
          {agent && (
            <nav aria-label="Main">
              <Link href="/leads">Leads</Link> · <Link href="/integrations">Integrations</Link> ·{' '}
              {agent.firstName} {agent.lastName}
            </nav>
          )}
          <main>{children}</main>
          <SaleschatToaster />
        </SaleschatProvider>
      </body>
    </html>
  );
}
