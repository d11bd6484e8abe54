import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testStores';
import { startProxyCluster, type ProxyCluster } from './startProxyCluster';

describe('proxy processes sharing one PostgreSQL database, against the fake with its limits on', () => {
  let cluster: ProxyCluster | undefined;

  afterEach(async () => {
    await cluster?.close();
    cluster = undefined;
  });

  it('show a reassignment made on one instance to the next click on another', async () => {
    // A short per-contact interval, in the fake and the proxies, keeps the test quick.
    cluster = await startProxyCluster({
      instances: 2,
      databaseUrl: await createTestDatabase(),
      limits: { assignIntervalMs: 100 },
      assignIntervalMs: 100,
    });
    const [agentX, agentY] = [await cluster.agent(), await cluster.agent()];
    const lead = 'coherent-1';
    expect((await cluster.click(1, agentX, lead)).body?.assignment).toBe('assigned');
    // Served from instance 1's cache from now on.
    expect((await cluster.click(1, agentX, lead)).body?.assignment).toBe('unchanged');
    expect((await cluster.click(1, agentX, lead)).body?.assignment).toBe('unchanged');
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect((await cluster.click(0, agentY, lead)).body?.assignment).toBe('reassigned');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const back = await cluster.click(1, agentX, lead);

    expect(back.body?.assignment).toBe('reassigned');
    const contact = cluster.saleschat.fake.contacts.get(back.body?.contactId as string);
    expect(contact?.assignee).toBe(cluster.scUserIdOf(agentX));
  }, 120_000);
});
