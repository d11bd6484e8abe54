/**
 * The scale-out part: 1, 2 and 4 proxy processes on one PostgreSQL database (BENCH_POSTGRES_URL)
 * under a burst of new leads, against the fake with Saleschat's limits on. Per instance count:
 * Saleschat's busiest second per endpoint, its 429s, and answers per second.
 */
import { openPostgresDriver } from '../packages/proxy/src/store/createPostgresStore';
import { startProxyCluster } from '../packages/proxy/test/scaleOut/startProxyCluster';
import { upstreamFigures } from '../packages/proxy/test/scaleOut/upstreamFigures';
import type { Figure, SectionResult } from './types';

/** New leads per burst, clicked at once and spread over the instances. */
const BURST = 60;

/** A fresh database on the server of `serverUrl`. */
async function freshDatabase(serverUrl: string): Promise<string> {
  const name = `bench_scale_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const server = await openPostgresDriver({ connectionString: serverUrl });
  try {
    await server.exec(`CREATE DATABASE ${name}`);
  } finally {
    await server.close();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.href;
}

export async function runScaleOut(serverUrl: string | undefined): Promise<SectionResult> {
  if (!serverUrl) {
    return { figures: [], notes: ['scale: skipped, BENCH_POSTGRES_URL is not set'] };
  }
  const figures: Figure[] = [];
  for (const instances of [1, 2, 4]) {
    const cluster = await startProxyCluster({
      instances,
      databaseUrl: await freshDatabase(serverUrl),
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
      const section = `scale-out, ${instances} instance${instances > 1 ? 's' : ''}`;
      const goal = instances > 1;
      for (const [endpoint, most] of Object.entries(busiestSecond)) {
        figures.push({
          key: `scale_${instances}_${endpoint}_busiest_second_count`,
          section,
          label: `${endpoint} requests in Saleschat's busiest second`,
          value: most,
          unit: 'count',
          ...(goal ? { goal: '≤ 10', over: most > 10 } : {}),
        });
      }
      figures.push(
        {
          key: `scale_${instances}_upstream_429_count`,
          section,
          label: `upstream 429s (burst of ${BURST} new leads)`,
          value: refused429,
          unit: 'count',
          ...(goal ? { goal: '0', over: refused429 > 0 } : {}),
        },
        {
          key: `scale_${instances}_answers_rps`,
          section,
          label: `answers per second (${answers.filter((a) => a.status === 200).length} × 200, ${answers.filter((a) => a.status === 429).length} × 429 RATE_LIMITED, ${answers.filter((a) => a.status !== 200 && a.status !== 429).length} other)`,
          value: BURST / seconds,
          unit: 'rps',
        },
      );
    } finally {
      await cluster.close();
    }
  }
  return {
    figures,
    notes: [
      `scale: ${BURST} new leads clicked at once, spread round-robin over proxy processes on one PostgreSQL; the fake in the bench process counts what arrives`,
    ],
  };
}
