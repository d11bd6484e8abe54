import { createSaleschatRouteHandlers } from '@saleschat-kit/proxy/next';
import { saleschatOptions } from '../../../../saleschat';

export const { GET, POST, OPTIONS } = createSaleschatRouteHandlers(saleschatOptions);
