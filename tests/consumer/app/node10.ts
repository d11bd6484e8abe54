// Resolved with moduleResolution "node" (node10), which reads `main`/`types`, not `exports`.
import { createSaleschatClient } from '@saleschat-kit/core';
import { createSaleschatProxy } from '@saleschat-kit/proxy';
import { SaleschatProvider } from '@saleschat-kit/react';
import { ChatButton } from '@saleschat-kit/ui';

export const entries = [createSaleschatClient, createSaleschatProxy, SaleschatProvider, ChatButton];
