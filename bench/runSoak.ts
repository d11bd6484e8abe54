import { setTimeout as sleep } from 'node:timers/promises';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { seedLeads } from '../apps/demo-crm/server/seed';
import { freshDatabase, type PostgresSource } from './benchPostgres';
import { classifySoakAnswer, type SoakKind, type SoakOutcome } from './classifySoakAnswer';
import { quantile } from './quantile';
import { startDemo, type Demo } from './startDemo';
import {
  errorCountFigure,
  notMeasured,
  onPostgres,
  type Figure,
  type SectionResult,
} from './types';

/** Requests per second of the measured load. */
const RATE = 25;
/**
 * The load's repeating mix: 4 logins, 5 chats, 1 reassign in 10 requests. Every tenth chat is a
 * lead nobody has opened yet (while there are any). At 25/s that is 2.5 reassigns and 1.25
 * new contacts per second: within Saleschat's 10 calls/s per endpoint, so the proxy's limiter
 * never has to refuse those.
 */
const MIX: readonly SoakKind[] = [
  'login',
  'chat',
  'login',
  'chat',
  'login',
  'chat',
  'chat',
  'login',
  'chat',
  'reassign',
];
const AGENTS = ['agent-ada', 'agent-grace', 'agent-alan'];
const LEADS_PER_AGENT = 10;
/** Leads passed between agents; picked at random, so some come back within 10 s. */
const REASSIGN_POOL = 20;
const MEMORY_SAMPLE_MS = 1_000;
/**
 * "Flat": memory at the end within this share above memory a quarter into the load. Not above
 * the start: the server releases a few hundred MiB once, some 20 s after it started (seen
 * idle too), which would hide any growth.
 */
const MEMORY_GROWTH_GOAL = 0.1;
const REQUEST_TIMEOUT_MS = 10_000;

interface Answer {
  kind: SoakKind;
  outcome: SoakOutcome;
  ms: number;
  /** The status and the kit's error code, for the notes. */
  what: string;
}

/** Seeded, so every run picks the same leads in the same order. */
function seeded(seed: number): () => number {
  const rng = xoroshiro128plus(seed);
  return () => uniformFloat64(rng);
}

async function signIn(demo: Demo, agentId: string): Promise<string> {
  const response = await fetch(`${demo.url}/api/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ agentId }),
  });
  const cookie = response.headers.getSetCookie()[0]?.split(';')[0];
  if (response.status !== 200 || !cookie)
    throw new Error(`soak: sign-in of ${agentId} failed (${response.status})`);
  return cookie;
}

/**
 * The leads a Chat can open: not marked do-not-contact, and with an opt-in date (the demo's seed
 * leaves it out of every 29th lead, so that its Chat shows OPT_IN_MISSING; the list API does not
 * say which).
 */
async function leadIds(demo: Demo, cookie: string): Promise<string[]> {
  const withoutOptIn = new Set(
    seedLeads()
      .filter((lead) => !lead.optInDate)
      .map((lead) => lead.id),
  );
  const ids: string[] = [];
  for (let page = 1; ; page++) {
    const response = await fetch(`${demo.url}/api/leads?pageSize=100&page=${page}`, {
      headers: { Cookie: cookie },
    });
    const body = (await response.json()) as {
      items: { id: string; doNotContact: boolean }[];
      pages: number;
    };
    ids.push(
      ...body.items
        .filter((lead) => !lead.doNotContact && !withoutOptIn.has(lead.id))
        .map((lead) => lead.id),
    );
    if (page >= body.pages) return ids;
  }
}

/**
 * Soak: the demo backend (started as a user starts it) under a steady mixed load of logins,
 * chats and reassigns for a bounded time; errors, latency, and the server's memory. Once on the
 * embedded store, then on a fresh database on the server of `postgres`.
 */
export async function runSoak(seconds: number, postgres: PostgresSource): Promise<SectionResult> {
  const embedded = await soakOn(seconds, undefined);
  if ('unavailable' in postgres) {
    return {
      figures: [
        ...embedded.figures,
        ...onPostgres(
          notMeasured(
            postgres.unavailable,
            embedded.figures.filter((figure) => !figure.jsonOnly),
          ),
        ),
      ],
      notes: embedded.notes,
    };
  }
  const onServer = await soakOn(seconds, await freshDatabase(postgres.serverUrl, 'bench_soak'));
  return {
    figures: [...embedded.figures, ...onPostgres(onServer.figures)],
    notes: [
      ...embedded.notes,
      ...onServer.notes
        .filter((note) => !note.startsWith('soak: apps/demo-crm'))
        .map((note) => note.replace(/^soak/, 'soak, PostgreSQL')),
      `soak, PostgreSQL: the same demo with DATABASE_URL, on ${postgres.origin}; its RSS is the Node process's alone (the PostgreSQL server's own memory is not in it).`,
    ],
  };
}

/** One soak of the demo, on the embedded store or on the database of `databaseUrl`. */
async function soakOn(seconds: number, databaseUrl: string | undefined): Promise<SectionResult> {
  const demo = await startDemo(databaseUrl);
  // Once it listens, before any request: the server with its store open.
  const openRss = demo.rssBytes();
  try {
    const cookies = new Map<string, string>();
    for (const agent of AGENTS) cookies.set(agent, await signIn(demo, agent));
    const leads = await leadIds(demo, cookies.get(AGENTS[0] as string) as string);
    const ownLeads = AGENTS.map((_, index) =>
      leads.slice(index * LEADS_PER_AGENT, (index + 1) * LEADS_PER_AGENT),
    );
    const passedLeads = leads.slice(
      AGENTS.length * LEADS_PER_AGENT,
      AGENTS.length * LEADS_PER_AGENT + REASSIGN_POOL,
    );
    const newLeads = leads.slice(AGENTS.length * LEADS_PER_AGENT + REASSIGN_POOL);
    const assignee = new Map<string, string>();

    const send = async (kind: SoakKind, agent: string, crmCustomerId?: string): Promise<Answer> => {
      const started = performance.now();
      let status = 0;
      let body: unknown;
      try {
        const response = await fetch(
          `${demo.url}/api/saleschat/${kind === 'login' ? 'login' : 'chat'}`,
          {
            method: 'POST',
            headers: {
              Cookie: cookies.get(agent) as string,
              'X-Saleschat-Kit': '1',
              ...(crmCustomerId ? { 'Content-Type': 'application/json' } : {}),
            },
            ...(crmCustomerId ? { body: JSON.stringify({ crmCustomerId }) } : {}),
            signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          },
        );
        status = response.status;
        body = await response.json().catch(() => null);
      } catch (error) {
        body = { error: { code: (error as Error).name } };
      }
      const outcome = classifySoakAnswer(kind, status, body);
      if (outcome === 'ok' && crmCustomerId) assignee.set(crmCustomerId, agent);
      const code = (body as { error?: { code?: string } } | null)?.error?.code;
      return {
        kind,
        outcome,
        ms: performance.now() - started,
        what: `${status}${code ? ` ${code}` : ''}`,
      };
    };

    // Warm-up, not measured: each agent's first login fetches its link, each agent's own leads
    // get their contact (5 a second, within Saleschat's limits).
    for (const agent of AGENTS) {
      const answer = await send('login', agent);
      if (answer.outcome !== 'ok')
        throw new Error(`soak: warm-up login of ${agent}: ${answer.what}`);
    }
    for (const [index, agent] of AGENTS.entries()) {
      for (const lead of ownLeads[index] as string[]) {
        const answer = await send('chat', agent, lead);
        if (answer.outcome !== 'ok')
          throw new Error(`soak: warm-up chat of ${lead}: ${answer.what}`);
        await sleep(200);
      }
    }

    const random = seeded(20261124);
    let chats = 0;
    const next = (tick: number): Promise<Answer> => {
      const kind = MIX[tick % MIX.length] as SoakKind;
      const agentIndex = tick % AGENTS.length;
      const agent = AGENTS[agentIndex] as string;
      if (kind === 'login') return send('login', agent);
      if (kind === 'chat') {
        chats++;
        const fresh = chats % 10 === 0 ? newLeads.shift() : undefined;
        const own = ownLeads[agentIndex] as string[];
        return send('chat', agent, fresh ?? (own[chats % own.length] as string));
      }
      const lead = passedLeads[Math.floor(random() * passedLeads.length)] as string;
      const others = AGENTS.filter((candidate) => candidate !== assignee.get(lead));
      return send('reassign', others[Math.floor(random() * others.length)] as string, lead);
    };

    const rss = [demo.rssBytes()];
    const sampler = setInterval(() => rss.push(demo.rssBytes()), MEMORY_SAMPLE_MS);
    const answers: Promise<Answer>[] = [];
    const started = performance.now();
    const total = seconds * RATE;
    // Open loop: each request leaves on its own schedule, whatever the earlier ones are doing.
    for (let tick = 0; tick < total; tick++) {
      const due = started + (tick * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      answers.push(next(tick));
    }
    const results = await Promise.all(answers);
    const elapsedSeconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    rss.push(demo.rssBytes());

    return summarise(results, openRss, rss, seconds, elapsedSeconds);
  } finally {
    await demo.stop();
  }
}

function summarise(
  answers: readonly Answer[],
  openRss: number,
  rss: readonly number[],
  seconds: number,
  elapsedSeconds: number,
): SectionResult {
  const errors = answers.filter((answer) => answer.outcome === 'error');
  const rateLimited = answers.filter((answer) => answer.outcome === 'rate-limited').length;
  const reassigns = answers.filter((answer) => answer.kind === 'reassign').length;
  const latencies = answers.map((answer) => answer.ms);
  const p99Of = (kind: SoakKind) =>
    quantile(
      answers.filter((answer) => answer.kind === kind).map((answer) => answer.ms),
      0.99,
    );
  const start = rss[0] as number;
  const end = rss.at(-1) as number;
  const settled = rss[Math.floor(rss.length / 4)] as number;
  const change = (from: number) =>
    `${end >= from ? '+' : ''}${(((end - from) / from) * 100).toFixed(1)}%`;
  const mebibytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  const errorKinds = new Map<string, number>();
  for (const error of errors) {
    const what = `${error.kind} ${error.what}`;
    errorKinds.set(what, (errorKinds.get(what) ?? 0) + 1);
  }
  const section = 'soak';
  const figures: Figure[] = [
    {
      key: 'soak_seconds',
      section,
      label: 'measured load',
      value: seconds,
      unit: 'seconds',
      reference: `${RATE} req/s: ${(['login', 'chat', 'reassign'] as const).map((kind) => `${(MIX.filter((each) => each === kind).length / MIX.length) * 100}% ${kind}s`).join(', ')}`,
    },
    {
      key: 'soak_requests_count',
      section,
      label: 'requests answered',
      value: answers.length,
      unit: 'count',
      reference: `${(answers.length / elapsedSeconds).toFixed(1)} req/s achieved`,
    },
    errorCountFigure(section, 'errors', errors.length, 'RATE_LIMITED reassigns not counted'),
    {
      key: 'soak_reassign_rate_limited_count',
      section,
      label: 'reassigns refused RATE_LIMITED (expected, < 10 s)',
      value: rateLimited,
      unit: 'count',
      reference: `of ${reassigns} reassigns`,
    },
    {
      key: 'soak_reassigns_count',
      section,
      label: 'reassigns sent',
      value: reassigns,
      unit: 'count',
      jsonOnly: true,
    },
    {
      key: 'soak_p50_ms',
      section,
      label: 'latency p50, all requests',
      value: quantile(latencies, 0.5),
      unit: 'ms',
    },
    {
      key: 'soak_p99_ms',
      section,
      label: 'latency p99, all requests',
      value: quantile(latencies, 0.99),
      unit: 'ms',
      reference: `login ${p99Of('login').toFixed(1)}, chat ${p99Of('chat').toFixed(1)}, reassign ${p99Of('reassign').toFixed(1)} ms`,
    },
    {
      key: 'soak_login_p99_ms',
      section,
      label: 'login p99',
      value: p99Of('login'),
      unit: 'ms',
      jsonOnly: true,
    },
    {
      key: 'soak_chat_p99_ms',
      section,
      label: 'chat p99',
      value: p99Of('chat'),
      unit: 'ms',
      jsonOnly: true,
    },
    {
      key: 'soak_reassign_p99_ms',
      section,
      label: 'reassign p99',
      value: p99Of('reassign'),
      unit: 'ms',
      jsonOnly: true,
    },
    {
      key: 'soak_rss_open_bytes',
      section,
      label: 'server RSS once started (store open, no request yet)',
      value: openRss,
      unit: 'bytes',
    },
    {
      key: 'soak_rss_start_bytes',
      section,
      label: 'server RSS at start of the load',
      value: start,
      unit: 'bytes',
    },
    {
      key: 'soak_rss_end_bytes',
      section,
      label: 'server RSS at end',
      value: end,
      unit: 'bytes',
      reference: `${change(settled)} on ${mebibytes(settled)} a quarter in; ${change(start)} on the start`,
      goal: `flat (≤ +${MEMORY_GROWTH_GOAL * 100}%)`,
      over: end > settled * (1 + MEMORY_GROWTH_GOAL),
    },
    {
      key: 'soak_rss_quarter_bytes',
      section,
      label: 'server RSS a quarter into the load',
      value: settled,
      unit: 'bytes',
      jsonOnly: true,
    },
    {
      key: 'soak_rss_min_bytes',
      section,
      label: 'server RSS, lowest sample',
      value: Math.min(...rss),
      unit: 'bytes',
      jsonOnly: true,
    },
    {
      key: 'soak_rss_max_bytes',
      section,
      label: 'server RSS, highest sample',
      value: Math.max(...rss),
      unit: 'bytes',
      jsonOnly: true,
    },
  ];
  return {
    figures,
    notes: [
      `soak: apps/demo-crm started by \`pnpm --filter demo-crm start\` (fake Saleschat in the same process, Saleschat's real rate limits), 3 agents signed in through POST /api/session; warm-up (first logins, each agent's ${LEADS_PER_AGENT} leads opened) before the measured load; RSS (VmRSS of /proc/<pid>/status) sampled every ${MEMORY_SAMPLE_MS / 1000} s.`,
      `soak: server RSS every 10 s of the load, MiB: ${rss
        .filter((_, index) => index % Math.round(10_000 / MEMORY_SAMPLE_MS) === 0)
        .map((bytes) => Math.round(bytes / 1024 / 1024))
        .join(' ')}; end ${Math.round(end / 1024 / 1024)}.`,
      ...(errors.length > 0
        ? [`soak errors: ${[...errorKinds].map(([what, count]) => `${what} ×${count}`).join(', ')}`]
        : []),
    ],
  };
}
