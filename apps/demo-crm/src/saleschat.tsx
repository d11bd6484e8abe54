// The whole Saleschat integration of the demo CRM's frontend.
import { SaleschatProvider } from '@saleschat-kit/react';
import { SaleschatToaster } from '@saleschat-kit/ui';
import '@saleschat-kit/ui/styles.css';
import type { ReactNode } from 'react';

export { ChatButton, LoginButton } from '@saleschat-kit/ui';

export const WithSaleschat = ({ children }: { children: ReactNode }) => (
  <SaleschatProvider baseUrl="/api/saleschat">
    {children}
    <SaleschatToaster />
  </SaleschatProvider>
);
