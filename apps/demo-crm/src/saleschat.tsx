// The whole Saleschat integration of the demo CRM's frontend (the proxy is at /api/saleschat).
import { SaleschatProvider } from '@saleschat-kit/react';
import { SaleschatToaster } from '@saleschat-kit/ui';
import '@saleschat-kit/ui/styles.css';
import type { PropsWithChildren } from 'react';

export const WithSaleschat = ({ children }: PropsWithChildren) => (
  <SaleschatProvider baseUrl="/api/saleschat">
    {children}
    <SaleschatToaster />
  </SaleschatProvider>
);
