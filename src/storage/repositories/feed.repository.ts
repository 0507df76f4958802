import type { Digest, Feed, FeedReject, FeedRun, RunCounts } from '../../contract/feeds.js';
import type { DigestPreference } from '../../core/feeds/schedule.js';
import type { Db } from '../database.js';
import { fromJson, toJson } from '../json.js';
import type { DigestsTable, FeedRunsTable, FeedsTable } from '../schema.js';
import { chunks } from '../chunks.js';

export interface DigestFacts {
  timezone: string;
  cii: boolean;
  preferences: DigestPreference[];
}

/** How many refused records a run keeps with their text; the count covers all of them. */
export const KEPT_REJECTS = 1000;

function toFeed(row: FeedsTable): Feed {
  return {
    id: row.id,
    name: row.name,
    format: row.format as Feed['format'],
    report: row.report,
    mapping: row.mapping === null ? null : fromJson(row.mapping),
    windowHours: row.window_hours,
    resendAfterDays: row.resend_after_days,
    escalateAfterDays: row.escalate_after_days,
    pullUrl: row.pull_url,
    pullEveryMinutes: row.pull_every_minutes,
    allowPrivate: row.allow_private === 1,
    nextPullAt: row.next_pull_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function feedColumns(feed: Omit<Feed, 'id' | 'createdAt' | 'updatedAt'>) {
  return {
    name: feed.name,
    format: feed.format,
    report: feed.report,
    mapping: feed.mapping === null ? null : toJson(feed.mapping),
    window_hours: feed.windowHours,
    resend_after_days: feed.resendAfterDays,
    escalate_after_days: feed.escalateAfterDays,
    pull_url: feed.pullUrl,
    pull_every_minutes: feed.pullEveryMinutes,
    allow_private: feed.allowPrivate ? (1 as const) : (0 as const),
    next_pull_at: feed.nextPullAt,
  };
}

function toRun(row: FeedRunsTable & { feed_name: string }): FeedRun {
  return {
    id: row.id,
    feedId: row.feed_id,
    feedName: row.feed_name,
    origin: row.origin as FeedRun['origin'],
    fileName: row.file_name,
    sha256: row.sha256,
    status: row.status as FeedRun['status'],
    checkpoint: row.checkpoint,
    counts: {
      read: row.read_count,
      parsed: row.parsed,
      rejected: row.rejected,
      matched: row.matched,
      unmatched: row.unmatched,
      duplicates: row.duplicates,
      notified: row.notified,
    },
    error: row.error,
    startedBy: row.started_by,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

function toDigest(row: DigestsTable): Digest {
  return {
    id: row.id,
    orgId: row.org_id,
    kind: row.kind as Digest['kind'],
    state: row.state as Digest['state'],
    dueAt: row.due_at,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    findingCount: row.finding_count,
    reopenedCount: row.reopened_count,
    expiresAt: row.expires_at,
  };
}

/** Feeds, their ingestion runs with the refused records, and the digests sent from findings. */
export class FeedRepository {
  constructor(private readonly db: Db) {}

  async insertFeed(feed: Feed): Promise<void> {
    await this.db
      .insertInto('feeds')
      .values({
        id: feed.id,
        ...feedColumns(feed),
        created_at: feed.createdAt,
        updated_at: feed.updatedAt,
      })
      .execute();
  }

  async updateFeed(feed: Feed): Promise<void> {
    await this.db
      .updateTable('feeds')
      .set({ ...feedColumns(feed), updated_at: feed.updatedAt })
      .where('id', '=', feed.id)
      .execute();
  }

  async deleteFeed(id: string): Promise<void> {
    await this.db.deleteFrom('feeds').where('id', '=', id).execute();
  }

  async feed(id: string): Promise<Feed | null> {
    const row = await this.db
      .selectFrom('feeds')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toFeed(row) : null;
  }

  async feedByName(name: string): Promise<Feed | null> {
    const row = await this.db
      .selectFrom('feeds')
      .selectAll()
      .where('name', '=', name)
      .executeTakeFirst();
    return row ? toFeed(row) : null;
  }

  async feeds(): Promise<Feed[]> {
    return (await this.db.selectFrom('feeds').selectAll().orderBy('name').execute()).map(toFeed);
  }

  async duePulls(now: string): Promise<Feed[]> {
    const rows = await this.db
      .selectFrom('feeds')
      .selectAll()
      .where('pull_url', 'is not', null)
      .where('next_pull_at', '<=', now)
      .execute();
    return rows.map(toFeed);
  }

  async setNextPull(id: string, at: string): Promise<void> {
    await this.db.updateTable('feeds').set({ next_pull_at: at }).where('id', '=', id).execute();
  }

  async insertRun(run: FeedRun): Promise<void> {
    await this.db
      .insertInto('feed_runs')
      .values({
        id: run.id,
        feed_id: run.feedId,
        origin: run.origin,
        file_name: run.fileName,
        sha256: run.sha256,
        status: run.status,
        checkpoint: run.checkpoint,
        read_count: 0,
        parsed: 0,
        rejected: 0,
        matched: 0,
        unmatched: 0,
        duplicates: 0,
        notified: 0,
        error: null,
        started_by: run.startedBy,
        started_at: run.startedAt,
        finished_at: null,
      })
      .execute();
  }

  /**
   * A run of this very file that stopped before the end (the process died, or an error failed
   * it after some batches had committed): it is resumed, not repeated.
   */
  async unfinishedRun(feedId: string, sha256: string): Promise<FeedRun | null> {
    const row = await this.runs()
      .where('feed_runs.feed_id', '=', feedId)
      .where('feed_runs.sha256', '=', sha256)
      .where('feed_runs.status', 'in', ['running', 'failed'])
      .orderBy('feed_runs.started_at', 'desc')
      .executeTakeFirst();
    return row ? toRun(row) : null;
  }

  /** Puts a failed run back to running, to be resumed. */
  async resumeRun(id: string): Promise<void> {
    await this.db
      .updateTable('feed_runs')
      .set({ status: 'running', error: null, finished_at: null })
      .where('id', '=', id)
      .execute();
  }

  async run(id: string): Promise<FeedRun | null> {
    const row = await this.runs().where('feed_runs.id', '=', id).executeTakeFirst();
    return row ? toRun(row) : null;
  }

  async recentRuns(feedId: string | undefined, limit: number): Promise<FeedRun[]> {
    let q = this.runs();
    if (feedId) q = q.where('feed_runs.feed_id', '=', feedId);
    const rows = await q.orderBy('feed_runs.started_at', 'desc').limit(limit).execute();
    return rows.map(toRun);
  }

  /**
   * Adds a batch's counts and moves the checkpoint, only if no one else moved it since `from`:
   * two processes resuming the same run cannot both commit the same records.
   */
  async advanceRun(
    id: string,
    from: number,
    to: number,
    add: Omit<RunCounts, 'notified'>,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('feed_runs')
      .set((eb) => ({
        checkpoint: to,
        read_count: eb('read_count', '+', add.read),
        parsed: eb('parsed', '+', add.parsed),
        rejected: eb('rejected', '+', add.rejected),
        matched: eb('matched', '+', add.matched),
        unmatched: eb('unmatched', '+', add.unmatched),
        duplicates: eb('duplicates', '+', add.duplicates),
      }))
      .where('id', '=', id)
      .where('checkpoint', '=', from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async finishRun(
    id: string,
    status: 'completed' | 'failed',
    error: string | null,
    notified: number,
    now: string,
  ): Promise<void> {
    await this.db
      .updateTable('feed_runs')
      .set({ status, error, notified, finished_at: now })
      .where('id', '=', id)
      .execute();
  }

  /** Keeps refused records up to {@link KEPT_REJECTS} per run. */
  async addRejects(
    runId: string,
    keptSoFar: number,
    rejects: readonly FeedReject[],
  ): Promise<void> {
    const room = KEPT_REJECTS - keptSoFar;
    if (room <= 0 || rejects.length === 0) return;
    await this.db
      .insertInto('feed_rejects')
      .values(
        rejects
          .slice(0, room)
          .map((r) => ({ run_id: runId, line: r.line, reason: r.reason, raw: r.raw })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async rejects(runId: string): Promise<FeedReject[]> {
    return this.db
      .selectFrom('feed_rejects')
      .select(['line', 'reason', 'raw'])
      .where('run_id', '=', runId)
      .orderBy('line')
      .execute();
  }

  /** The digest waiting for each of these organisations, where one is. */
  async scheduledDigests(orgIds: readonly string[]): Promise<Map<string, Digest>> {
    const found = new Map<string, Digest>();
    for (const chunk of chunks(orgIds)) {
      const rows = await this.db
        .selectFrom('digests')
        .selectAll()
        .where('org_id', 'in', chunk)
        .where('state', '=', 'scheduled')
        .execute();
      for (const row of rows) found.set(row.org_id, toDigest(row));
    }
    return found;
  }

  async scheduleDigests(digests: readonly Digest[]): Promise<void> {
    for (const chunk of chunks(digests)) {
      await this.db
        .insertInto('digests')
        .values(
          chunk.map((digest) => ({
            id: digest.id,
            org_id: digest.orgId,
            kind: digest.kind,
            state: digest.state,
            due_at: digest.dueAt,
            created_at: digest.createdAt,
            sent_at: null,
            finding_count: 0,
            reopened_count: 0,
            token_hash: null,
            expires_at: null,
          })),
        )
        .execute();
    }
  }

  async bringDigestForward(id: string, dueAt: string): Promise<void> {
    await this.db
      .updateTable('digests')
      .set({ due_at: dueAt })
      .where('id', '=', id)
      .where('due_at', '>', dueAt)
      .execute();
  }

  async dueDigests(now: string, limit: number): Promise<Digest[]> {
    const rows = await this.db
      .selectFrom('digests')
      .selectAll()
      .where('state', '=', 'scheduled')
      .where('due_at', '<=', now)
      .orderBy('due_at')
      .limit(limit)
      .execute();
    return rows.map(toDigest);
  }

  /** Marks a scheduled digest sent; false when another worker sent it first. */
  async markDigestSent(
    id: string,
    sent: {
      findingCount: number;
      reopenedCount: number;
      tokenHash: string | null;
      expiresAt: string | null;
      now: string;
    },
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('digests')
      .set({
        state: 'sent',
        sent_at: sent.now,
        finding_count: sent.findingCount,
        reopened_count: sent.reopenedCount,
        token_hash: sent.tokenHash,
        expires_at: sent.expiresAt,
      })
      .where('id', '=', id)
      .where('state', '=', 'scheduled')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async insertSentDigest(digest: Digest, tokenHash: string, expiresAt: string): Promise<void> {
    await this.db
      .insertInto('digests')
      .values({
        id: digest.id,
        org_id: digest.orgId,
        kind: digest.kind,
        state: 'sent',
        due_at: digest.dueAt,
        created_at: digest.createdAt,
        sent_at: digest.sentAt,
        finding_count: digest.findingCount,
        reopened_count: digest.reopenedCount,
        token_hash: tokenHash,
        expires_at: expiresAt,
      })
      .execute();
  }

  /** The digest a personal link belongs to, while the link is valid. */
  async digestByToken(tokenHash: string, now: string): Promise<Digest | null> {
    const row = await this.db
      .selectFrom('digests')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return row ? toDigest(row) : null;
  }

  /** What scheduling a digest needs to know of each organisation: its zone, CII status and contacts' wishes. */
  async digestFacts(orgIds: readonly string[]): Promise<Map<string, DigestFacts>> {
    const facts = new Map<string, DigestFacts>();
    for (const chunk of chunks(orgIds)) {
      const orgs = await this.db
        .selectFrom('organisations')
        .select(['id', 'timezone', 'cii_designated'])
        .where('id', 'in', chunk)
        .execute();
      for (const org of orgs)
        facts.set(org.id, {
          timezone: org.timezone,
          cii: org.cii_designated === 1,
          preferences: [],
        });
      const contacts = await this.db
        .selectFrom('contacts')
        .select(['org_id', 'preferences'])
        .where('org_id', 'in', chunk)
        .execute();
      for (const contact of contacts)
        facts
          .get(contact.org_id)
          ?.preferences.push(fromJson<DigestPreference>(contact.preferences));
    }
    return facts;
  }

  private runs() {
    return this.db
      .selectFrom('feed_runs')
      .innerJoin('feeds', 'feeds.id', 'feed_runs.feed_id')
      .selectAll('feed_runs')
      .select('feeds.name as feed_name');
  }
}
