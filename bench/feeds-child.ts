/**
 * The measured half of bench:feeds, in a process of its own so that its peak resident memory is
 * the pipeline's alone: ingests FILE into the database at URL, then prints the figures as JSON.
 * Usage: tsx bench/feeds-child.ts URL FILE
 */
import { SYSTEM } from '../src/core/auth/policy.js';
import { createServices } from '../src/services/index.js';
import { openDatabase } from '../src/storage/database.js';

const [url, file] = process.argv.slice(2) as [string, string];
const database = openDatabase(url);
const services = createServices(database);
const started = performance.now();
const run = await services.feeds.ingest(SYSTEM, {
  feed: 'bench-scan_dns',
  format: 'shadowserver',
  path: file,
  origin: 'file',
});
const seconds = (performance.now() - started) / 1000;
const peakMb = process.resourceUsage().maxRSS / 1024;
const findings = await database.db
  .selectFrom('findings')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .executeTakeFirstOrThrow();
const digests = await database.db
  .selectFrom('digests')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .executeTakeFirstOrThrow();
await database.close();
process.stdout.write(
  JSON.stringify({
    seconds,
    peakMb,
    counts: run.counts,
    findings: Number(findings.n),
    digests: Number(digests.n),
  }),
);
