import type { TestProject } from 'vitest/node';
import { startPostgresCluster } from '../../../tests/support/startPostgresCluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser URL of the PostgreSQL server started for this run; each test file makes its own database. */
    postgresUrl: string;
  }
}

/** Starts a real PostgreSQL server for the `proxy` test project. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgres = await startPostgresCluster({
    prefix: 'saleschat-proxy-pg',
    // Durability is not what these tests are about: without fsync the server is much faster.
    settings: [
      'fsync=off',
      'synchronous_commit=off',
      'full_page_writes=off',
      'max_connections=200',
    ],
  });
  project.provide('postgresUrl', postgres.url);
  return () => postgres.stop();
}
