import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import {
  FeedInput,
  FeedPatch,
  type Feed,
  type FeedReject,
  type FeedRun,
  type FeedRunDetail,
  type RunCounts,
} from '../contract/feeds.js';
import { authorize, SYSTEM, type Actor } from '../core/auth/policy.js';
import { DomainError, notFound, validationError } from '../core/errors.js';
import type { FeedEvent, FeedParser, ParsedRecord } from '../core/feeds/event.js';
import { dedupHash, identityKey } from '../core/feeds/finding.js';
import { ownerOf } from '../core/feeds/owner.js';
import { createFeedParser, type FeedFormat } from '../core/feeds/parsers.js';
import { parseCsvMapping } from '../core/feeds/generic-csv.js';
import { detectShadowserverReport } from '../core/feeds/shadowserver.js';
import { uuidv7 } from '../core/ids.js';
import { shapeErrors } from '../core/registry/validation.js';
import { addSeconds } from '../core/time.js';
import { fromRsit } from '../core/reporting/taxonomy.js';
import type { NetworkIndex } from '../core/registry/network-index.js';
import type { Database, Db } from '../storage/database.js';
import { KEPT_REJECTS } from '../storage/repositories/feed.repository.js';
import { FindingWriter, type Sighting } from '../storage/repositories/finding-writer.js';
import type { DigestService } from './digest.service.js';
import { claim, download, setAside, waitingFiles } from './feed-sources.js';
import type { NetworkDirectory } from './network-directory.js';
import { inTransaction, repositories, type Repositories, type UnitOfWork } from './unit-of-work.js';

export const PULL_FEEDS_JOB = 'feeds.pull';

/** Records parsed and written at a time: what the pipeline holds in memory. */
const BATCH = 2_000;
/** Records per transaction: few commits, as each rewrites the index pages it touched. */
const COMMIT_RECORDS = 200_000;

export interface IngestInput {
  feed: string;
  /** Needed when the feed does not exist yet; it is then created with this format. */
  format?: FeedFormat;
  report?: string;
  /** The file to read; it is hashed first, so a run of the same file that died is resumed. */
  path: string;
  /** The name the file came with, for report detection and the run's record. */
  fileName?: string;
  origin: FeedRun['origin'];
  /** Records per transaction (default {@link COMMIT_RECORDS}); each commit is a checkpoint a resumed run starts from. */
  commitEvery?: number;
  /** Called after every commit. */
  onProgress?: (progress: { bytesRead: number; totalBytes: number; run: FeedRun }) => void;
}

const NO_COUNTS: Omit<RunCounts, 'notified'> = {
  read: 0,
  parsed: 0,
  rejected: 0,
  matched: 0,
  unmatched: 0,
  duplicates: 0,
};

/**
 * Feeds and their ingestion. A run streams the file through the feed's parser, ties each event
 * to its owner, folds repeats into findings, and commits every batch together with the run's
 * counts and checkpoint: a run killed half way is resumed from its checkpoint by ingesting the
 * same file again, and ends as if it had run once.
 */
export class FeedService {
  private readonly writer: FindingWriter;
  private readonly gbtByRsit = new Map<string, string>();

  constructor(
    private readonly database: Database,
    private readonly directory: NetworkDirectory,
    private readonly digests: DigestService,
    private readonly now: () => string,
  ) {
    this.writer = new FindingWriter(database);
  }

  async list(actor: Actor): Promise<Feed[]> {
    authorize(actor, 'feed.read');
    return this.repos().feeds.feeds();
  }

  async get(actor: Actor, id: string): Promise<Feed> {
    authorize(actor, 'feed.read');
    const feed = await this.repos().feeds.feed(id);
    if (!feed) throw notFound('feed', id);
    return feed;
  }

  async create(actor: Actor, input: unknown): Promise<Feed> {
    authorize(actor, 'feed.manage');
    const fields = checkFeed(FeedInput, input, actor);
    return this.transaction(actor, async (uow) => {
      const feed = newFeed(fields, uow.now);
      await uow.repos.feeds.insertFeed(feed);
      await uow.audit('feed.created', 'feed', feed.id, { name: feed.name, format: feed.format });
      return feed;
    });
  }

  async update(actor: Actor, id: string, patch: unknown): Promise<Feed> {
    authorize(actor, 'feed.manage');
    const fields = checkFeed(FeedPatch, patch, actor);
    return this.transaction(actor, async (uow) => {
      const existing = await uow.repos.feeds.feed(id);
      if (!existing) throw notFound('feed', id);
      const feed: Feed = {
        ...existing,
        ...fields,
        updatedAt: uow.now,
      } as Feed;
      if (fields.pullUrl !== undefined || fields.pullEveryMinutes !== undefined)
        feed.nextPullAt = feed.pullUrl && feed.pullEveryMinutes ? uow.now : null;
      await uow.repos.feeds.updateFeed(feed);
      await uow.audit('feed.updated', 'feed', id, { changed: Object.keys(fields) });
      return feed;
    });
  }

  async delete(actor: Actor, id: string): Promise<void> {
    authorize(actor, 'feed.manage');
    await this.transaction(actor, async (uow) => {
      const existing = await uow.repos.feeds.feed(id);
      if (!existing) throw notFound('feed', id);
      await uow.repos.feeds.deleteFeed(id);
      await uow.audit('feed.deleted', 'feed', id, { name: existing.name });
    });
  }

  async runs(actor: Actor, feedId: string | undefined, limit = 100): Promise<FeedRun[]> {
    authorize(actor, 'feed.read');
    return this.repos().feeds.recentRuns(feedId, limit);
  }

  async run(actor: Actor, id: string): Promise<FeedRunDetail> {
    authorize(actor, 'feed.read');
    const repos = this.repos();
    const run = await repos.feeds.run(id);
    if (!run) throw notFound('feed run', id);
    return { ...run, rejects: await repos.feeds.rejects(id) };
  }

  /** Ingests one file into a feed, creating the feed on first use; returns the finished run. */
  async ingest(actor: Actor, input: IngestInput): Promise<FeedRun> {
    authorize(actor, 'feed.ingest');
    const { size } = await stat(input.path);
    const sha256 = await hashFile(input.path);
    const fileName = input.fileName ?? basename(input.path);
    const { feed, run } = await this.transaction(actor, async (uow) => {
      let feed = await uow.repos.feeds.feedByName(input.feed);
      if (!feed) {
        // Partners may feed data in, but creating a feed is a coordinator's decision.
        authorize(actor, 'feed.manage');
        if (!input.format)
          throw validationError([
            { field: '/format', reason: `is required: there is no feed ${input.feed} yet` },
          ]);
        // A Shadowserver feed keeps the report type of its first file: later files may be named anyhow.
        const report =
          input.report ??
          (input.format === 'shadowserver' ? detectShadowserverReport(fileName) : null);
        const fields = checkFeed(
          FeedInput,
          { name: input.feed, format: input.format, report },
          actor,
        );
        feed = newFeed(fields, uow.now);
        await uow.repos.feeds.insertFeed(feed);
        await uow.audit('feed.created', 'feed', feed.id, { name: feed.name, format: feed.format });
      } else if (input.format && input.format !== feed.format) {
        throw validationError([
          {
            field: '/format',
            reason: `is ${input.format}, but feed ${feed.name} is ${feed.format}`,
          },
        ]);
      }
      const unfinished = await uow.repos.feeds.unfinishedRun(feed.id, sha256);
      if (unfinished) {
        await uow.repos.feeds.resumeRun(unfinished.id);
        await uow.audit('feed.run.resumed', 'feed_run', unfinished.id, {
          checkpoint: unfinished.checkpoint,
          after: unfinished.status,
        });
        return { feed, run: { ...unfinished, status: 'running' as const, error: null } };
      }
      const run: FeedRun = {
        id: uuidv7(),
        feedId: feed.id,
        feedName: feed.name,
        origin: input.origin,
        fileName,
        sha256,
        status: 'running',
        checkpoint: 0,
        counts: { ...NO_COUNTS, notified: 0 },
        error: null,
        startedBy: actor.label,
        startedAt: uow.now,
        finishedAt: null,
      };
      await uow.repos.feeds.insertRun(run);
      await uow.audit('feed.run.started', 'feed_run', run.id, {
        feed: feed.name,
        fileName,
        sha256,
      });
      return { feed, run };
    });

    // Organisations with a new or reopened finding: their digests are scheduled at the end.
    const waiting = new Map<string, boolean>();
    try {
      const parser = parsing(feed.format, () =>
        createFeedParser(feed.format, {
          report: input.report ?? feed.report ?? undefined,
          fileName,
          mapping: feed.mapping ? parseCsvMapping(feed.mapping) : undefined,
        }),
      );
      const progress = { bytesRead: 0 };
      const batches = readBatches(input.path, feed.format, parser, progress);
      let checkpoint = run.checkpoint;
      let keptRejects = run.counts.rejected;
      // Several batches per transaction: few commits keep SQLite's write volume down, while the
      // records held in memory at any time stay one batch.
      for (let finished = false; !finished;) {
        // Outside the transaction: SQLite has one connection, which the transaction holds.
        const index = await this.directory.snapshot();
        finished = await this.database.transaction(async (trx) => {
          const repos = repositories(trx, this.database.dialect);
          const counts = { ...NO_COUNTS };
          let to = checkpoint;
          let end = false;
          while (counts.read < (input.commitEvery ?? COMMIT_RECORDS)) {
            const next = await batches.next();
            if (next.done) {
              end = true;
              break;
            }
            // On a resumed run, records up to the checkpoint were committed before: skip them.
            const records = next.value.filter((r) => r.line > checkpoint);
            if (records.length === 0) continue;
            to = records[records.length - 1]!.line;
            keptRejects += await this.writeBatch(
              trx,
              repos,
              index,
              feed,
              run.id,
              records,
              counts,
              keptRejects,
              waiting,
            );
          }
          if (to > checkpoint && !(await repos.feeds.advanceRun(run.id, checkpoint, to, counts)))
            throw new DomainError(
              'conflict',
              'Another process is ingesting this file into the same run',
            );
          checkpoint = to;
          return end;
        });
        if (input.onProgress) {
          const current = (await this.repos().feeds.run(run.id))!;
          input.onProgress({ bytesRead: progress.bytesRead, totalBytes: size, run: current });
        }
      }
    } catch (error) {
      // A batch another process committed first: that process owns the run now.
      if (!(error instanceof DomainError && error.code === 'conflict')) {
        const message =
          error instanceof DomainError
            ? [error.message, ...error.fields.map((f) => `${f.field}: ${f.reason}`)].join('; ')
            : String(error);
        await this.transaction(actor, async (uow) => {
          await uow.repos.feeds.finishRun(run.id, 'failed', message, 0, uow.now);
          await uow.audit('feed.run.failed', 'feed_run', run.id, { error: message });
        });
      }
      throw error;
    }
    // A resumed run did not see what its first part wrote: the database knows who waits.
    return this.finish(actor, feed, run.id, run.checkpoint > 0 ? null : waiting);
  }

  /**
   * Pulls every feed whose time has come, one after the other; a failed download is audited and
   * tried again at the next interval. Returns the runs.
   */
  async pullDue(): Promise<FeedRun[]> {
    const runs: FeedRun[] = [];
    for (const feed of await this.repos().feeds.duePulls(this.now())) {
      await this.transaction(SYSTEM, (uow) =>
        uow.repos.feeds.setNextPull(feed.id, addSeconds(uow.now, feed.pullEveryMinutes! * 60)),
      );
      const dir = await mkdtemp(join(tmpdir(), 'fenghuo-pull-'));
      try {
        const path = join(dir, basename(new URL(feed.pullUrl!).pathname) || 'feed');
        await download(feed.pullUrl!, path, { allowPrivate: feed.allowPrivate });
        runs.push(await this.ingest(SYSTEM, { feed: feed.name, path, origin: 'pull' }));
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        await this.transaction(SYSTEM, (uow) =>
          uow.audit('feed.pull.failed', 'feed', feed.id, { url: feed.pullUrl, error: reason }),
        );
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
    return runs;
  }

  /**
   * Ingests the files waiting in a watched directory (`<dir>/<feed name>/<file>`, the feed
   * created beforehand), then moves each into `done/` or `failed/`. Returns the runs.
   */
  async ingestWaiting(dir: string): Promise<FeedRun[]> {
    const runs: FeedRun[] = [];
    for (const waiting of await waitingFiles(dir)) {
      const file = await claim(waiting);
      if (!file) continue; // another process took it
      try {
        runs.push(
          await this.ingest(SYSTEM, {
            feed: file.feed,
            path: file.path,
            fileName: waiting.name,
            origin: 'watch',
          }),
        );
        await setAside(file, 'done');
      } catch {
        // The failure is on the run (or, for an unknown feed, in the file's new place).
        await setAside(file, 'failed');
      }
    }
    return runs;
  }

  /**
   * One batch inside the run's current transaction: ties each event to its owner, folds repeats,
   * writes the findings and keeps the refused records; adds to `counts`. Returns how many refused
   * records it kept.
   */
  private async writeBatch(
    trx: Db,
    repos: Repositories,
    index: NetworkIndex,
    feed: Feed,
    runId: string,
    records: readonly ParsedRecord[],
    counts: Omit<RunCounts, 'notified'>,
    keptRejects: number,
    waiting: Map<string, boolean>,
  ): Promise<number> {
    const sightings = new Map<string, Sighting>();
    const rejects: FeedReject[] = [];
    let parsed = 0;
    for (const record of records) {
      if ('error' in record) {
        counts.rejected++;
        if (keptRejects + rejects.length < KEPT_REJECTS)
          rejects.push({ line: record.line, reason: record.error, raw: record.raw.slice(0, 2000) });
        continue;
      }
      const event = record.event;
      parsed++;
      const owner = ownerOf(index, event);
      if (owner) counts.matched++;
      else counts.unmatched++;
      this.fold(sightings, feed.id, owner?.orgId ?? null, event);
    }
    counts.read += records.length;
    counts.parsed += parsed;
    const outcome = await this.writer.write(trx, [...sightings.values()], {
      runId,
      windowHours: feed.windowHours,
      now: this.now(),
    });
    counts.duplicates += parsed - outcome.created;
    for (const [orgId, urgent] of outcome.waiting)
      waiting.set(orgId, waiting.get(orgId) === true || urgent);
    await repos.feeds.addRejects(runId, keptRejects, rejects);
    return rejects.length;
  }

  private fold(
    sightings: Map<string, Sighting>,
    feedId: string,
    orgId: string | null,
    event: FeedEvent,
  ) {
    const host = event.ip ?? event.hostname ?? event.url ?? '';
    const key = identityKey(feedId, orgId, host, event.port, event.identifier);
    const seen = sightings.get(key);
    if (seen) {
      seen.count++;
      if (event.observedAt < seen.firstSeen) seen.firstSeen = event.observedAt;
      if (event.observedAt >= seen.lastSeen) {
        seen.lastSeen = event.observedAt;
        seen.raw = event.raw;
        seen.detail = event.detail;
      }
      return;
    }
    sightings.set(key, {
      key,
      hash: dedupHash(key),
      feedId,
      orgId,
      ip: event.ip,
      port: event.port,
      identifier: event.identifier,
      rsit: event.rsit,
      gbt: this.gbt(event.rsit),
      severity: event.severity,
      asn: event.asn,
      hostname: event.hostname,
      url: event.url,
      detail: event.detail,
      raw: event.raw,
      firstSeen: event.observedAt,
      lastSeen: event.observedAt,
      count: 1,
    });
  }

  private gbt(rsit: string): string {
    let code = this.gbtByRsit.get(rsit);
    if (code === undefined) {
      const slash = rsit.indexOf('/');
      code = fromRsit(rsit.slice(0, slash), rsit.slice(slash + 1));
      this.gbtByRsit.set(rsit, code);
    }
    return code;
  }

  /** After the last batch: claimed fixes not seen again are verified, and digests are scheduled. */
  private async finish(
    actor: Actor,
    feed: Feed,
    runId: string,
    waiting: ReadonlyMap<string, boolean> | null,
  ): Promise<FeedRun> {
    await this.transaction(actor, async (uow) => {
      const run = (await uow.repos.feeds.run(runId))!;
      const verified = await uow.repos.findings.verifyFixed(feed.id, runId, run.startedAt, uow.now);
      const notified = waiting
        ? await this.digests.schedule(uow, waiting)
        : await this.digests.schedulePending(uow);
      await uow.repos.feeds.finishRun(runId, 'completed', null, notified, uow.now);
      await uow.audit('feed.run.completed', 'feed_run', runId, {
        ...run.counts,
        notified,
        verified,
      });
    });
    return (await this.repos().feeds.run(runId))!;
  }

  private transaction<T>(actor: Actor, work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
    return inTransaction(this.database, actor, work, this.now);
  }

  private repos() {
    return repositories(this.database.db, this.database.dialect);
  }
}

/** The file's records in batches of {@link BATCH}, read as a stream; `progress` counts the bytes. */
async function* readBatches(
  path: string,
  format: string,
  parser: FeedParser,
  progress: { bytesRead: number },
): AsyncGenerator<ParsedRecord[]> {
  let pending: ParsedRecord[] = [];
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 });
  for await (const chunk of stream as AsyncIterable<string>) {
    progress.bytesRead += Buffer.byteLength(chunk);
    for (const record of parsing(format, () => parser.push(chunk))) pending.push(record);
    if (pending.length >= BATCH) {
      yield pending;
      pending = [];
    }
  }
  for (const record of parsing(format, () => parser.end())) pending.push(record);
  if (pending.length > 0) yield pending;
}

/** A file the parser cannot read at all (a missing column, not JSON) is the caller's input error. */
function parsing<T>(format: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw validationError(
      [{ field: '/file', reason: error instanceof Error ? error.message : String(error) }],
      `The file cannot be read as ${format}`,
    );
  }
}

function checkFeed<T extends typeof FeedInput | typeof FeedPatch>(
  schema: T,
  input: unknown,
  actor: Actor,
): FeedPatch {
  if (!Value.Check(schema, input)) throw validationError(shapeErrors(schema, input));
  const fields = input as FeedPatch;
  const problems = [];
  if (fields.mapping) {
    try {
      parseCsvMapping(fields.mapping);
    } catch (error) {
      problems.push({ field: '/mapping', reason: (error as Error).message });
    }
  }
  if (fields.format === 'csv' && fields.mapping === undefined && schema === FeedInput)
    problems.push({ field: '/mapping', reason: 'is required for a generic CSV feed' });
  if (fields.pullUrl) {
    let url: URL | null = null;
    try {
      url = new URL(fields.pullUrl);
    } catch {
      // reported below
    }
    if (!url || !['http:', 'https:'].includes(url.protocol))
      problems.push({ field: '/pullUrl', reason: 'must be an http or https URL' });
  }
  if (fields.allowPrivate && !(actor.kind === 'system' || actor.role === 'admin'))
    problems.push({
      field: '/allowPrivate',
      reason: 'only an administrator may allow private addresses',
    });
  if (problems.length > 0) throw validationError(problems);
  return fields;
}

function newFeed(fields: FeedPatch, now: string): Feed {
  const pulls = Boolean(fields.pullUrl && fields.pullEveryMinutes);
  return {
    id: uuidv7(),
    name: fields.name!,
    format: fields.format!,
    report: fields.report ?? null,
    mapping: fields.mapping ?? null,
    windowHours: fields.windowHours ?? 24,
    resendAfterDays: fields.resendAfterDays ?? 3,
    escalateAfterDays: fields.escalateAfterDays ?? 7,
    pullUrl: fields.pullUrl ?? null,
    pullEveryMinutes: fields.pullEveryMinutes ?? null,
    allowPrivate: fields.allowPrivate ?? false,
    nextPullAt: pulls ? now : null,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * One buffer, read into again and again: a stream would allocate a fresh buffer per chunk, and
 * hundreds of megabytes of them can pile up outside the heap before a collection frees them.
 */
async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(1 << 20);
  const file = await open(path);
  try {
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, buffer.length);
      if (bytesRead === 0) return hash.digest('hex');
      hash.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    await file.close();
  }
}
