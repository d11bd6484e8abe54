import { setTimeout as sleep } from 'node:timers/promises';
import type { ChatResponse } from '../packages/core/src/index';
import { ASSIGN_MARGIN_MS } from '../packages/saleschat-client/src/index';
import { AGENT_COOKIE, startLoopbackKit } from './startLoopbackKit';
import type { Figure, SectionResult } from './types';

/**
 * Saleschat allows one assign per 10 s per contact, and the proxy keeps to it (plus its margin for
 * jitter). Waiting that long for the reassign would only measure the wait, so the fake's limit
 * and the proxy's matching limiter are lowered to this for the bench.
 */
const ASSIGN_INTERVAL_MS = 100;
/** The assignment freshness window, lowered from 15 minutes for the same reason. */
const FRESH_MS = 500;

interface Action {
  key: string;
  label: string;
  floor: number;
}

/**
 * Saleschat calls per user action, read from the fake Saleschat's request log, with the proxy
 * between a Node client and the fake over loopback HTTP.
 */
export async function countSaleschatCalls(): Promise<SectionResult> {
  const kit = await startLoopbackKit({
    agents: ['agent-a', 'agent-b'],
    limits: { assignIntervalMs: ASSIGN_INTERVAL_MS },
    rateLimit: { assignIntervalMs: ASSIGN_INTERVAL_MS },
    assignmentFreshMs: FRESH_MS,
  });
  const { fake } = kit.saleschat;
  const call = async (agent: string, route: 'login' | 'chat', crmCustomerId?: string) => {
    const response = await fetch(`${kit.url}/api/saleschat/${route}`, {
      method: 'POST',
      headers: {
        Cookie: `${AGENT_COOKIE}=${agent}`,
        'X-Saleschat-Kit': '1',
        ...(crmCustomerId ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(crmCustomerId ? { body: JSON.stringify({ crmCustomerId }) } : {}),
    });
    const body: unknown = await response.json();
    if (response.status !== 200) {
      throw new Error(
        `calls: ${route} as ${agent} answered ${response.status} ${JSON.stringify(body)}`,
      );
    }
    return body;
  };
  /** Runs one action on a clean request log and counts what reached Saleschat. */
  const count = async (run: () => Promise<unknown>, check: (body: unknown) => boolean) => {
    fake.clearRequests();
    const body = await run();
    if (!check(body)) throw new Error(`calls: unexpected answer ${JSON.stringify(body)}`);
    return fake.countRequests();
  };
  const chat = (expected: Partial<ChatResponse>) => (body: unknown) =>
    Object.entries(expected).every(
      ([name, value]) => (body as Record<string, unknown>)[name] === value,
    );

  const counted: [Action, number][] = [];
  try {
    // The first login of the day fetches a link; it is not one of the four figures.
    counted.push([
      { key: 'calls_first_login_count', label: 'first login (no stored link)', floor: 1 },
      await count(
        () => call('agent-a', 'login'),
        (body) => typeof (body as { url?: unknown }).url === 'string',
      ),
    ]);
    counted.push([
      { key: 'calls_cached_login_count', label: 'cached login', floor: 0 },
      await count(
        () => call('agent-a', 'login'),
        (body) => typeof (body as { url?: unknown }).url === 'string',
      ),
    ]);
    counted.push([
      { key: 'calls_new_lead_count', label: 'new lead (chat)', floor: 2 },
      await count(
        () => call('agent-a', 'chat', 'L-BENCH-1'),
        chat({ contact: 'created', assignment: 'assigned' }),
      ),
    ]);
    counted.push([
      { key: 'calls_repeat_chat_count', label: 'repeat chat (same agent)', floor: 0 },
      await count(
        () => call('agent-a', 'chat', 'L-BENCH-1'),
        chat({ contact: 'existing', assignment: 'unchanged' }),
      ),
    ]);
    await sleep(Math.max(FRESH_MS, ASSIGN_INTERVAL_MS + ASSIGN_MARGIN_MS) + 50);
    counted.push([
      { key: 'calls_repeat_after_window_count', label: 'repeat chat after the window', floor: 1 },
      await count(
        () => call('agent-a', 'chat', 'L-BENCH-1'),
        chat({ contact: 'existing', assignment: 'assigned' }),
      ),
    ]);
    await sleep(ASSIGN_INTERVAL_MS + ASSIGN_MARGIN_MS + 50);
    counted.push([
      { key: 'calls_reassign_count', label: 'reassign (another agent)', floor: 1 },
      await count(
        () => call('agent-b', 'chat', 'L-BENCH-1'),
        chat({ contact: 'existing', assignment: 'reassigned' }),
      ),
    ]);
  } finally {
    await kit.close();
  }

  const figures: Figure[] = counted.map(([action, calls]) => ({
    key: action.key,
    section: 'Saleschat calls',
    label: action.label,
    value: calls,
    unit: 'count',
    reference: `floor ${action.floor}`,
    goal: `= ${action.floor}`,
    over: calls > action.floor,
  }));
  return {
    figures,
    notes: [
      `Saleschat calls: counted in the fake Saleschat's request log, proxy over loopback HTTP; the assign interval is lowered to ${ASSIGN_INTERVAL_MS} ms on the fake and the proxy (rateLimit.assignIntervalMs) so the reassign need not wait 10 s, and the assignment freshness window to ${FRESH_MS} ms (assignmentFreshMs) so the repeat after it need not wait 15 minutes.`,
    ],
  };
}
