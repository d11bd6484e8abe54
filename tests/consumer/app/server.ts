import { createSaleschatProxy, toExpressMiddleware } from '@saleschat-kit/proxy';
import express from 'express';

const leads = new Map([
  // optInDate: when the lead agreed to be contacted on WhatsApp.
  [
    'L-1',
    {
      firstName: 'Amara',
      lastName: 'Okafor',
      phone: '+447700900123',
      optInDate: '2026-01-15T09:00:00.000Z',
    },
  ],
]);

const saleschat = createSaleschatProxy({
  saleschat: {
    baseUrl: process.env.SALESCHAT_BASE_URL ?? 'https://apis.saleschat.pro',
    token: process.env.SALESCHAT_API_TOKEN ?? '',
    orgId: process.env.SALESCHAT_ORG_ID ?? '',
  },
  // This app's stand-in for a CRM session: a cookie naming the user.
  authenticate: (request) => {
    const user = /(?:^|;\s*)crm_user=([\w-]+)/.exec(request.headers.get('Cookie') ?? '')?.[1];
    return user ? { crmUserId: user } : null;
  },
  resolveLead: (crmCustomerId) => leads.get(crmCustomerId) ?? null,
});

const app = express();
app.use('/api/saleschat', toExpressMiddleware(saleschat));
app.use(express.static('dist'));
app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(`Consumer CRM ready on port ${process.env.PORT ?? 3000}`);
});
