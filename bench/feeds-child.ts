/**
 * The measured half of bench:feeds, in a process of its own so that its peak resident memory is
 * the pipeline's alone: ingests FILE into the database at URL, then, as the baseline, writes the
 * file's first events the straightforward way (one Kysely query or two per event), and prints the
 * figures as JSON. Usage: tsx bench/feeds-child.ts URL FILE
 */
import { createReadStream } from 'node:fs';
import { SYSTEM } from '../src/core/auth/policy.js';
import type { FeedEvent } from '../src/core/feeds/event.js';
import { dedupHash, identityKey } from '../src/core/feeds/finding.js';
import { ownerOf } from '../src/core/feeds/owner.js';
import { createFeedParser } from '../src/core/feeds/parsers.js';
import { createServices } from '../src/services/index.js';
import { openDatabase } from '../src/storage/database.js';

const BASELINE_EVENTS = 20_000;

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
const count = async (table: 'findings' | 'digests') =>
  Number(
    (
      await database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const findings = await count('findings');
const digests = await count('digests');

/** The first events of the file, parsed. */
async function firstEvents(n: number): Promise<FeedEvent[]> {
  const parser = createFeedParser('shadowserver', { fileName: file });
  const events: FeedEvent[] = [];
  for await (const chunk of createReadStream(file, { encoding: 'utf8' })) {
    for (const record of parser.push(chunk as string))
      if ('event' in record) events.push(record.event);
    if (events.length >= n) break;
  }
  return events.slice(0, n);
}

// Baseline: the same work per event through Kysely, into a feed of its own.
const feed = await services.feeds.create(SYSTEM, {
  name: 'bench-baseline',
  format: 'shadowserver',
  report: 'scan_dns',
});
const index = await services.directory.snapshot();
const events = await firstEvents(BASELINE_EVENTS);
const baselineStarted = performance.now();
await database.transaction(async (trx) => {
  for (const event of events) {
    const orgId = ownerOf(index, event)?.orgId ?? null;
    const hash = dedupHash(
      identityKey(feed.id, orgId, event.ip ?? '', event.port, event.identifier),
    );
    const existing = await trx
      .selectFrom('findings')
      .select(['id'])
      .where('dedup_hash', '=', hash)
      .executeTakeFirst();
    if (existing)
      await trx
        .updateTable('findings')
        .set((eb) => ({ count: eb('count', '+', 1), last_seen: event.observedAt, raw: event.raw }))
        .where('id', '=', existing.id)
        .execute();
    else
      await trx
        .insertInto('findings')
        .values({
          dedup_hash: hash,
          feed_id: feed.id,
          org_id: orgId,
          ip: event.ip,
          port: event.port,
          identifier: event.identifier,
          rsit: event.rsit,
          gbt: '08001',
          severity: event.severity,
          asn: event.asn,
          hostname: event.hostname,
          url: event.url,
          detail: event.detail,
          raw: event.raw,
          first_seen: event.observedAt,
          last_seen: event.observedAt,
          count: 1,
          state: 'open',
          state_at: event.observedAt,
          last_upsert: 0,
          first_run_id: 'baseline',
          last_run_id: 'baseline',
          reminders: 0,
        })
        .execute();
  }
});
const baseline = events.length / ((performance.now() - baselineStarted) / 1000);
await database.close();
process.stdout.write(
  JSON.stringify({ seconds, peakMb, counts: run.counts, findings, digests, baseline }),
);
