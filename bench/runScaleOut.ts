/**
 * The scale-out part: 1, 2 and 4 proxy processes on one PostgreSQL database (the bench's
 * PostgreSQL server, bench/benchPostgres.ts) under a burst of new leads, against the fake with
 * Saleschat's limits on. Per instance count: Saleschat's busiest second per endpoint, its 429s,
 * and answers per second. The cluster and the counting are the scale-out test's own
 * (packages/proxy/test/scaleOut).
 */
import { startProxyCluster } from '../packages/proxy/test/scaleOut/startProxyCluster';
import { upstreamFigures } from '../packages/proxy/test/scaleOut/upstreamFigures';
import { freshDatabase, type PostgresSource } from './benchPostgres';
import { notMeasured, type Figure, type SectionResult } from './types';

/** New leads per burst, clicked at once and spread over the instances. */
const BURST = 60;

/** Instance counts, each on a fresh database. */
const INSTANCES = [1, 2, 4];
/** The endpoints a burst of new leads calls. */
const ENDPOINTS = ['createContact', 'assign'];

/** The rows of one instance count, as the table shows them (values filled in once measured). */
function rowsOf(instances: number) {
  const section = `scale-out, ${instances} instance${instances > 1 ? 's' : ''}`;
  // One instance has no one to share the budget with: its figures only inform.
  const goal = (text: string) => (instances > 1 ? { goal: text } : {});
  return {
    busiest: (endpoint: string) => ({
      key: `scale_${instances}_${endpoint}_busiest_second_count`,
      section,
      label: `${endpoint} requests in Saleschat's busiest second`,
      unit: 'count' as const,
      ...goal('≤ 10'),
    }),
    refused: {
      key: `scale_${instances}_upstream_429_count`,
      section,
      label: `upstream 429s (burst of ${BURST} new leads)`,
      unit: 'count' as const,
      ...goal('0'),
    },
    answers: {
      key: `scale_${instances}_answers_rps`,
      section,
      label: `answers per second (burst of ${BURST} new leads)`,
      unit: 'rps' as const,
    },
  };
}

export async function runScaleOut(postgres: PostgresSource): Promise<SectionResult> {
  if ('unavailable' in postgres) {
    return {
      figures: notMeasured(
        postgres.unavailable,
        INSTANCES.flatMap((instances) => {
          const rows = rowsOf(instances);
          return [...ENDPOINTS.map(rows.busiest), rows.refused, rows.answers];
        }),
      ),
      notes: [],
    };
  }
  const figures: Figure[] = [];
  for (const instances of INSTANCES) {
    const cluster = await startProxyCluster({
      instances,
      databaseUrl: await freshDatabase(postgres.serverUrl, 'bench_scale'),
    });
    try {
      const agents = [await cluster.agent(), await cluster.agent()];
      const started = performance.now();
      const answers = await Promise.all(
        Array.from({ length: BURST }, (_, index) =>
          cluster.click(index % instances, agents[index % 2] as string, `scale-${index}`),
        ),
      );
      const seconds = (performance.now() - started) / 1000;
      const { busiestSecond, refused429 } = upstreamFigures(cluster.saleschat);
      const rows = rowsOf(instances);
      const isGoal = instances > 1;
      for (const endpoint of new Set([...ENDPOINTS, ...Object.keys(busiestSecond)])) {
        const most = busiestSecond[endpoint] ?? 0;
        figures.push({ ...rows.busiest(endpoint), value: most, over: isGoal && most > 10 });
      }
      const ok = answers.filter((answer) => answer.status === 200).length;
      const limited = answers.filter((answer) => answer.status === 429).length;
      figures.push(
        { ...rows.refused, value: refused429, over: isGoal && refused429 > 0 },
        {
          ...rows.answers,
          value: BURST / seconds,
          reference: `${ok} × 200, ${limited} × 429 RATE_LIMITED, ${BURST - ok - limited} other, in ${seconds.toFixed(1)} s`,
        },
        {
          key: `scale_${instances}_answers_200_count`,
          section: rows.answers.section,
          label: 'answers 200',
          value: ok,
          unit: 'count',
          jsonOnly: true,
        },
        {
          key: `scale_${instances}_answers_rate_limited_count`,
          section: rows.answers.section,
          label: 'answers 429 RATE_LIMITED',
          value: limited,
          unit: 'count',
          jsonOnly: true,
        },
      );
    } finally {
      await cluster.close();
    }
  }
  return {
    figures,
    notes: [
      `scale: ${BURST} new leads clicked at once, spread round-robin over proxy processes (packages/proxy/test/scaleOut/proxyProcess.ts) on one fresh PostgreSQL database per instance count, on ${postgres.origin}; the fake (Saleschat's limits: 10 per second per endpoint) in the bench's process counts what arrives.`,
    ],
  };
}
