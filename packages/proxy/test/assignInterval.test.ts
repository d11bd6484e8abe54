import type { ChatResponse, ErrorBody } from '@saleschat-kit/core';
import { describe, expect, it } from 'vitest';
import { storeFactories } from './testStores';
import { worldPerSuite } from './worldPerSuite';

/**
 * Saleschat counts one assign per 10 s per contact from when each assign arrives. An assign
 * that waited for its slot in the proxy's limiter arrives later than the click that sent it, and
 * the lead's next reassign — sent at the `retryAfterMs` the proxy answered — must still land
 * outside those 10 s.
 */
describe.each(storeFactories)('a reassign at retryAfterMs on $name', ({ create }) => {
  // Two assigns per window: a third one queues for about a second. The fake keeps its own
  // limits (10 requests per second per endpoint, 1 assign per 10 s per contact).
  const suite = worldPerSuite(create, {
    proxy: { rateLimit: { requestsPerSecond: 2, maxQueueMs: 5000 } },
  });

  const chat = (crmUserId: string, crmCustomerId: string) =>
    suite.world.json<ChatResponse & ErrorBody>('/chat', {
      user: crmUserId,
      body: { crmCustomerId },
    });

  it('never reaches Saleschat inside its 10 s when the previous assign waited in the limiter', async () => {
    const agentA = await suite.world.agent();
    const agentB = await suite.world.agent();
    const leads = [suite.world.lead(), suite.world.lead(), suite.world.lead()].map(
      (each) => each.crmCustomerId,
    );
    const [first, second, lead] = leads as [string, string, string];
    for (const each of leads) expect((await chat(agentA.crmUserId, each)).status).toBe(200);
    // Past every contact's assign interval and every limiter window.
    suite.world.clock.advance(11_000);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    suite.world.fake.clearRequests();

    // Two reassigns take the window's two slots; the lead's reassign queues behind them.
    const fillers = [chat(agentB.crmUserId, first), chat(agentB.crmUserId, second)];
    const deadline = Date.now() + 5000;
    while (suite.world.fake.countRequests('assign') < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const queuedAt = Date.now();
    const queued = await chat(agentB.crmUserId, lead);
    expect(queued.status).toBe(200);
    expect(queued.body.assignment).toBe('reassigned');
    expect(Date.now() - queuedAt).toBeGreaterThan(500);
    expect((await Promise.all(fillers)).map((answer) => answer.status)).toEqual([200, 200]);

    // The agent comes back exactly when told to.
    const refused = await chat(agentA.crmUserId, lead);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('RATE_LIMITED');
    const retryAfterMs = refused.body.error.retryAfterMs as number;
    suite.world.clock.advance(retryAfterMs);
    const reassigned = await chat(agentA.crmUserId, lead);

    expect(suite.world.fake.requests.filter((request) => request.status === 429)).toEqual([]);
    expect(reassigned.status).toBe(200);
    expect(reassigned.body.assignment).toBe('reassigned');
  });
});
