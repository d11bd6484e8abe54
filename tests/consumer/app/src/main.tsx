import { SaleschatProvider } from '@saleschat-kit/react';
import { ChatButton, LoginButton, SaleschatToaster } from '@saleschat-kit/ui';
import '@saleschat-kit/ui/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <SaleschatProvider baseUrl="/api/saleschat">
      <LoginButton />
      <ChatButton crmCustomerId="L-1" leadName="Amara Okafor" />
      <SaleschatToaster />
    </SaleschatProvider>
  </StrictMode>,
);
