import { describeInvalidCrmCustomerId } from '@saleschat-kit/core';
import { z } from 'zod';

/** `POST /chat` body, checked at the edge with the same rule the browser client applies. */
export const chatRequestSchema = z.object(
  {
    crmCustomerId: z.custom<string>((value) => describeInvalidCrmCustomerId(value) === null, {
      error: (issue) => describeInvalidCrmCustomerId(issue.input) ?? 'crmCustomerId is not valid',
    }),
  },
  { error: 'The body must be a JSON object like {"crmCustomerId": "…"}' },
);
