import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { openBenchPostgres } from './benchPostgres';

describe('openBenchPostgres', () => {
  it('gives the reason, not an error, when the server of BENCH_POSTGRES_URL cannot be reached', async () => {
    // A port that was free a moment ago: nothing listens there now.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as { port: number };
        server.close(() => resolve(free));
      });
    });
    const postgres = await openBenchPostgres(
      `postgres://postgres:secret@127.0.0.1:${port}/postgres`,
    );
    expect(postgres.source).toEqual({
      unavailable: expect.stringMatching(
        new RegExp(
          `^BENCH_POSTGRES_URL \\(127\\.0\\.0\\.1:${port}\\) cannot be reached: .*ECONNREFUSED`,
        ),
      ) as unknown,
    });
    // The password stays out of the reason, which the table prints.
    expect(JSON.stringify(postgres.source)).not.toContain('secret');
    await postgres.stop();
  });
});
