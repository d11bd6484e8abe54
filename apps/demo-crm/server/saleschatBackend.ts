import { startFakeSaleschatServer } from '@saleschat-kit/fake-saleschat';
import type { SaleschatConfig } from '@saleschat-kit/proxy';
import { SALESCHAT_BASE_URL } from '@saleschat-kit/saleschat-client';
import type { Agent } from './seed';

/** Where the demo's Saleschat is, and how its agents get their Saleschat user ids. */
export interface SaleschatBackend {
  config: SaleschatConfig;
  /** Printed at start: where the sales person can look. */
  description: string;
  /** Saleschat user id per agent id, for the agents that have one. */
  userIds: Map<string, string>;
  close(): Promise<void>;
}

/**
 * The real Saleschat API when SALESCHAT_API_TOKEN and SALESCHAT_ORG_ID are set (agents are then
 * linked from SALESCHAT_USER_IDS, `agent-id=saleschat-user-id,…`, as the provisioning script
 * recorded them); otherwise the fake, started here, with every Saleschat agent provisioned.
 */
export async function startSaleschatBackend(
  agents: readonly Agent[],
  env: NodeJS.ProcessEnv,
): Promise<SaleschatBackend> {
  const { SALESCHAT_API_TOKEN: token, SALESCHAT_ORG_ID: orgId } = env;
  if (token && orgId) {
    const userIds = new Map(
      (env.SALESCHAT_USER_IDS ?? '')
        .split(',')
        .filter(Boolean)
        .map((pair) => pair.split('=', 2) as [string, string]),
    );
    const baseUrl = env.SALESCHAT_BASE_URL ?? SALESCHAT_BASE_URL;
    return {
      config: { baseUrl, token, orgId },
      description: `Saleschat API at ${baseUrl}`,
      userIds,
      close: async () => {},
    };
  }

  const fakeToken = 'demo-fake-saleschat-token';
  const fakeOrg = 'demo-org';
  const server = await startFakeSaleschatServer({
    token: fakeToken,
    orgId: fakeOrg,
    host: env.FAKE_SALESCHAT_HOST ?? '127.0.0.1',
    port: Number(env.FAKE_SALESCHAT_PORT ?? 4010),
  });
  const userIds = new Map<string, string>();
  for (const agent of agents.filter((candidate) => candidate.usesSaleschat)) {
    const { userId } = server.fake.seedUser(agent);
    userIds.set(agent.id, userId);
  }
  return {
    config: { baseUrl: server.url, token: fakeToken, orgId: fakeOrg },
    description: `fake Saleschat at ${server.url} (dashboard, API and /__admin)`,
    userIds,
    close: server.close,
  };
}
