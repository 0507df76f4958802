import { execFileSync } from 'node:child_process';
import pg from 'pg';

/**
 * Before any test: build the web app the browser tests load, and, when FENGHUO_TEST_PG_URL
 * is set, make sure PostgreSQL answers: its suites are then mandatory, so an unreachable
 * server fails the run at once instead of being skipped.
 */
export default async function setup(): Promise<void> {
  execFileSync(
    'npx',
    ['vite', 'build', '--config', 'src/web/vite.config.ts', '--logLevel', 'error'],
    { stdio: 'inherit' },
  );
  const url = process.env.FENGHUO_TEST_PG_URL;
  if (!url) {
    console.warn('FENGHUO_TEST_PG_URL is not set: the PostgreSQL suites are skipped.');
    return;
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    throw new Error(
      `FENGHUO_TEST_PG_URL is set but PostgreSQL cannot be reached: ${(error as Error).message}`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
