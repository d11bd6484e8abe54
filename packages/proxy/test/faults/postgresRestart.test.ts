import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountForContacts } from './accountForContacts';
import { recordFigures, type Figure } from './faultFigures';
import {
  describeAnswer,
  killAllStarted,
  ORG_ID,
  startFakeProcess,
  startProxyProcess,
  tally,
  TOKEN,
  type ClickAnswer,
  type FakeProcess,
  type ProxyProcess,
  type StoreOption,
} from './faultProcesses';
import {
  startPostgresCluster,
  type PostgresCluster,
} from '../../../../tests/support/startPostgresCluster';

/** Clicks in the stream, one every `SPACING_MS`, alternating between the two instances. */
const STREAM_CLICKS = 60;
const SPACING_MS = 120;
/** When, after the stream starts, PostgreSQL is restarted with `-m immediate`. */
const RESTART_AT_MS = 1500;
/** How long an instance may take to answer 200 again once PostgreSQL is back. */
const RECOVERY_LIMIT_MS = 30_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const figures: Figure[] = [];
const STORE = 'PostgreSQL (own server)';

describe('two proxy processes while their PostgreSQL restarts with -m immediate', () => {
  let postgres: PostgresCluster | undefined;
  let fake: FakeProcess | undefined;
  let store: StoreOption;
  const proxies: ProxyProcess[] = [];
  const agents = ['agent-a', 'agent-b', 'agent-c'];

  beforeAll(async () => {
    // A server of this test's own (the suite's shared one must not be restarted). fsync is off
    // (the machine does not crash, only PostgreSQL does), but commits stay synchronous: a commit
    // acknowledged before `-m immediate` must still be there after it, as on a real server.
    postgres = await startPostgresCluster({
      prefix: 'saleschat-faults-pg',
      settings: ['fsync=off', 'full_page_writes=off', 'max_connections=100'],
    });
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query('CREATE DATABASE faults').finally(() => admin.end());
    store = { connectionString: postgres.url.replace(/\/postgres$/, '/faults') };
    fake = await startFakeProcess();
    const links: Record<string, string> = {};
    for (const agent of agents) links[agent] = await fake.seedUser(agent);
    const config = {
      saleschat: { baseUrl: fake.url, token: TOKEN, orgId: ORG_ID },
      store,
      agents: links,
    };
    // One after the other: both would run the migrations at once otherwise (they are safe to,
    // but a slow start is easier to read one at a time).
    proxies.push(await startProxyProcess(config));
    proxies.push(await startProxyProcess(config));
  }, 150_000);

  afterAll(async () => {
    await Promise.all(proxies.map((proxy) => proxy.stop()));
    await fake?.stop();
    await killAllStarted();
    await postgres?.stop();
    recordFigures('postgres-restart', figures);
  }, 90_000);

  it('answers 200, 503 or 504 (never 500), orphans no contact, and answers 200 again without a restart', async () => {
    const leadsSoFar: { lead: string; agent: string }[] = [];
    const stream: Promise<ClickAnswer>[] = [];
    let restart: Promise<number> | undefined;
    const started = Date.now();
    for (let index = 0; index < STREAM_CLICKS; index++) {
      await sleep(Math.max(0, started + index * SPACING_MS - Date.now()));
      if (!restart && Date.now() - started >= RESTART_AT_MS) {
        const from = Date.now();
        restart = (postgres as PostgresCluster).restartImmediately().then(() => Date.now() - from);
      }
      const proxy = proxies[index % 2] as ProxyProcess;
      // Every third click repeats an earlier lead with the agent who clicked it (an answer
      // from the store); the others are new leads (a create, a mapping write and an assign).
      const earlier =
        index % 3 === 2 ? leadsSoFar[Math.floor(Math.random() * leadsSoFar.length)] : undefined;
      const click = earlier ?? {
        lead: `p${index}`,
        agent: agents[index % agents.length] as string,
      };
      if (!earlier) leadsSoFar.push(click);
      stream.push(proxy.click(click.agent, click.lead));
    }
    const answers = await Promise.all(stream);
    const restartMs = await (restart as Promise<number>);

    // The same processes, no restart: each answers a new lead with 200 once PostgreSQL is back.
    const recoveredAfterMs: number[] = [];
    for (const [instance, proxy] of proxies.entries()) {
      const from = Date.now();
      let answer: ClickAnswer = { status: 0, body: null };
      for (
        let attempt = 0;
        answer.status !== 200 && Date.now() - from < RECOVERY_LIMIT_MS;
        attempt++
      ) {
        if (attempt > 0) await sleep(500);
        answer = await proxy.click('agent-a', `recovered-${instance}-${attempt}`);
      }
      expect(describeAnswer(answer)).toBe('200');
      recoveredAfterMs.push(Date.now() - from);
    }

    // Stopped gracefully: close() waits for creates still in flight and records them.
    await Promise.all(proxies.map((proxy) => proxy.stop()));
    const account = await accountForContacts(fake as FakeProcess, store);
    const kinds = tally(answers.map(describeAnswer));
    const upstream429 = (await (fake as FakeProcess).requests()).filter(
      (request) => request.status === 429,
    );
    figures.push(
      {
        store: STORE,
        figure: 'stream (clicks, 1 in 3 a repeat; restart took ms)',
        value: `${STREAM_CLICKS} over ${(STREAM_CLICKS * SPACING_MS) / 1000} s (${restartMs})`,
      },
      { store: STORE, figure: 'answers by status', value: JSON.stringify(kinds), goal: '0 x 500' },
      {
        store: STORE,
        figure: 'created upstream / mapped / pending / orphans',
        value: `${account.createdUpstream} / ${account.mapped} / ${account.pending} / ${account.stuck}`,
        goal: 'orphans 0',
      },
      { store: STORE, figure: "upstream 429s (the fake's log)", value: upstream429.length },
      {
        store: STORE,
        figure: '200 again after the restart, ms per instance',
        value: recoveredAfterMs.join(', '),
      },
    );

    expect(proxies.flatMap((proxy) => proxy.crashes)).toEqual([]);
    expect(Object.keys(kinds).filter((kind) => kind.startsWith('500'))).toEqual([]);
    // Besides the database's 503s and a create's 504, only the rate limit may refuse a click
    // (RATE_LIMITED, retryable; its accuracy is the scale-out suite's subject and is shown above).
    expect(
      Object.keys(kinds).filter(
        (kind) =>
          !['200', '503 STORE_UNAVAILABLE', '504 SALESCHAT_UNAVAILABLE'].includes(kind) &&
          !kind.startsWith('429 RATE_LIMITED'),
      ),
    ).toEqual([]);
    expect(account.stuckLeads).toEqual([]);
    // The restart did hit the stream (else this test would prove nothing).
    expect(kinds['503 STORE_UNAVAILABLE'] ?? 0).toBeGreaterThan(0);
  }, 150_000);
});
