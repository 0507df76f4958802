import { sql, type ExpressionBuilder } from 'kysely';
import type { Visibility } from '../../core/auth/policy.js';
import type {
  Finding,
  FindingListQuery,
  FindingMetricsQuery,
  FindingMetricsRow,
} from '../../contract/feeds.js';
import { validationError } from '../../core/errors.js';
import type { FindingState } from '../../core/feeds/finding.js';
import type { Db, Dialect } from '../database.js';
import type { FindingsTable, Schema } from '../schema.js';
import { findSlot, type Identity } from './finding-writer.js';
import { visibleOrganisations } from './organisation.repository.js';
import { chunks } from '../chunks.js';

type Row = Omit<FindingsTable, 'id'> & {
  id: number;
  /** Null only in the join's type: every finding has a feed. */
  feed_name: string | null;
  org_name_zh: string | null;
  org_name_en: string | null;
};

function toFinding(row: Row): Finding {
  return {
    id: row.id,
    feedId: row.feed_id,
    feedName: row.feed_name ?? '',
    orgId: row.org_id,
    orgNameZh: row.org_name_zh,
    orgNameEn: row.org_name_en,
    ip: row.ip,
    port: row.port,
    identifier: row.identifier,
    rsit: row.rsit,
    gbt: row.gbt,
    severity: row.severity,
    asn: row.asn,
    hostname: row.hostname,
    url: row.url,
    detail: row.detail,
    raw: row.raw,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    count: row.count,
    state: row.state as FindingState,
    stateAt: row.state_at,
    notifiedAt: row.notified_at,
    acknowledgedAt: row.acknowledged_at,
    fixedAt: row.fixed_at,
    verifiedAt: row.verified_at,
    reminders: row.reminders,
    escalatedAt: row.escalated_at,
    note: row.note,
  };
}

const AWAITING = ['open', 'reopened'] as const;
const UNANSWERED = ['notified', 'reopened'] as const;

/** The column each response stamps with its time. */
const STAMP: Partial<Record<FindingState, 'acknowledged_at' | 'fixed_at'>> = {
  acknowledged: 'acknowledged_at',
  fixed: 'fixed_at',
};

function decodeIdCursor(cursor: string): number {
  const id = Number(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!Number.isSafeInteger(id) || id < 1)
    throw validationError([{ field: '/cursor', reason: 'is not a cursor this server issued' }]);
  return id;
}

/** Findings: the explorer's filtered pages, a recipient's answers, digests' contents, follow-up and metrics. */
export class FindingRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  /** Newest first, by id: every filter combination pages through an index range or a bounded scan. */
  async list(query: FindingListQuery, visibility: Visibility) {
    const limit = query.limit ?? 50;
    let q = this.base().where((eb) => this.visible(eb, visibility));
    if (query.feedId) q = q.where('findings.feed_id', '=', query.feedId);
    if (query.identifier) q = q.where('findings.identifier', '=', query.identifier);
    if (query.orgId) q = q.where('findings.org_id', '=', query.orgId);
    if (query.sector) q = q.where('organisations.sector', '=', query.sector);
    if (query.region) q = q.where('organisations.region', '=', query.region);
    if (query.state) q = q.where('findings.state', '=', query.state);
    if (query.unmatched) q = q.where('findings.org_id', 'is', null);
    if (query.cursor) q = q.where('findings.id', '<', decodeIdCursor(query.cursor));
    const rows = await q
      .orderBy('findings.id', 'desc')
      .limit(limit + 1)
      .execute();
    const more = rows.length > limit;
    const items = rows.slice(0, limit).map(toFinding);
    return {
      items,
      nextCursor: more ? Buffer.from(String(items.at(-1)!.id)).toString('base64url') : null,
    };
  }

  async get(id: number): Promise<Finding | null> {
    const row = await this.base().where('findings.id', '=', id).executeTakeFirst();
    return row ? toFinding(row) : null;
  }

  /** These findings, oldest first; chunked, as SQLite caps bound parameters. */
  async byIds(ids: readonly number[]): Promise<Finding[]> {
    const found: Finding[] = [];
    for (const chunk of chunks(ids)) {
      const rows = await this.base()
        .where('findings.id', 'in', chunk)
        .orderBy('findings.id')
        .execute();
      found.push(...rows.map(toFinding));
    }
    return found;
  }

  /** The findings a digest lists: the organisation's findings not yet told, oldest first. */
  async awaiting(orgId: string): Promise<Finding[]> {
    const rows = await this.base()
      .where('findings.org_id', '=', orgId)
      .where('findings.state', 'in', AWAITING)
      .orderBy('findings.id')
      .execute();
    return rows.map(toFinding);
  }

  /** What a recipient still has to answer: everything told and not closed. */
  async outstanding(orgId: string): Promise<Finding[]> {
    const rows = await this.base()
      .where('findings.org_id', '=', orgId)
      .where('findings.state', 'in', ['notified', 'reopened', 'acknowledged', 'open', 'fixed'])
      .orderBy('findings.id')
      .limit(5000)
      .execute();
    return rows.map(toFinding);
  }

  async markNotified(ids: readonly number[], digestId: string, now: string): Promise<void> {
    for (const chunk of chunks(ids)) {
      await this.db
        .updateTable('findings')
        .set({ state: 'notified', state_at: now, notified_at: now, digest_id: digestId })
        .where('id', 'in', chunk)
        .execute();
    }
  }

  async setState(id: number, state: FindingState, note: string | null, now: string): Promise<void> {
    const stamp = STAMP[state];
    await this.db
      .updateTable('findings')
      .set({ state, state_at: now, note, ...(stamp && { [stamp]: now }) })
      .where('id', '=', id)
      .execute();
  }

  /** Where a finding of this identity lives, or the free slot a new one would take. */
  slotFor(identity: Identity) {
    return findSlot(this.db, identity);
  }

  /** Gives a finding its owner: it starts over as open, under its new dedup key. */
  async assign(id: number, orgId: string, dedupHash: number, now: string): Promise<void> {
    await this.db
      .updateTable('findings')
      .set({ org_id: orgId, dedup_hash: dedupHash, state: 'open', state_at: now, note: null })
      .where('id', '=', id)
      .execute();
  }

  /** Folds a finding into another of the same key (an assignment found the owner already had it). */
  async merge(fromId: number, intoId: number, count: number): Promise<void> {
    await this.db
      .updateTable('findings')
      .set((eb) => ({ count: eb('count', '+', count) }))
      .where('id', '=', intoId)
      .execute();
    await this.db.deleteFrom('findings').where('id', '=', fromId).execute();
  }

  /** Organisations with findings waiting for a digest, and whether any of them is urgent. */
  async pendingOrganisations(): Promise<{ orgId: string; count: number; urgent: boolean }[]> {
    const rows = await this.db
      .selectFrom('findings')
      .select((eb) => [
        'org_id',
        eb.fn.countAll<number>().as('count'),
        eb.fn
          .sum<number>(eb.case().when('severity', 'in', ['critical', 'high']).then(1).else(0).end())
          .as('urgent'),
      ])
      .where('org_id', 'is not', null)
      .where('state', 'in', AWAITING)
      .groupBy('org_id')
      .execute();
    return rows.map((r) => ({
      orgId: r.org_id!,
      count: Number(r.count),
      urgent: Number(r.urgent) > 0,
    }));
  }

  /**
   * Claimed fixes the run did not see again: verified. Only fixes claimed before the run began
   * count, and a verified finding leaves the dedup key free so a recurrence opens a new one.
   */
  async verifyFixed(
    feedId: string,
    runId: string,
    runStartedAt: string,
    now: string,
  ): Promise<number> {
    const result = await this.db
      .updateTable('findings')
      .set({ state: 'verified_fixed', state_at: now, verified_at: now, dedup_hash: null })
      .where('feed_id', '=', feedId)
      .where('state', '=', 'fixed')
      .where('last_run_id', '<>', runId)
      .where('fixed_at', '<', runStartedAt)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Told at or before `cutoff` and still unanswered, per organisation, for the feed's reminders or escalation. */
  async unanswered(
    feedId: string,
    cutoff: string,
    stage: 'remind' | 'escalate',
  ): Promise<{ orgId: string; ids: number[] }[]> {
    let q = this.db
      .selectFrom('findings')
      .select(['id', 'org_id'])
      .where('feed_id', '=', feedId)
      .where('org_id', 'is not', null)
      .where('state', 'in', UNANSWERED)
      .where('notified_at', '<=', cutoff);
    q =
      stage === 'remind'
        ? q.where('reminders', '=', 0)
        : q.where('reminders', '>', 0).where('escalated_at', 'is', null);
    const byOrg = new Map<string, number[]>();
    for (const row of await q.execute()) {
      const ids = byOrg.get(row.org_id!) ?? [];
      ids.push(row.id);
      byOrg.set(row.org_id!, ids);
    }
    return [...byOrg].map(([orgId, ids]) => ({ orgId, ids }));
  }

  async markReminded(ids: readonly number[]): Promise<void> {
    for (const chunk of chunks(ids)) {
      await this.db
        .updateTable('findings')
        .set((eb) => ({ reminders: eb('reminders', '+', 1) }))
        .where('id', 'in', chunk)
        .execute();
    }
  }

  async markEscalated(ids: readonly number[], now: string): Promise<void> {
    for (const chunk of chunks(ids)) {
      await this.db
        .updateTable('findings')
        .set({ escalated_at: now })
        .where('id', 'in', chunk)
        .execute();
    }
  }

  /** Open, fixed and verified counts with mean response times, by organisation, sector or region. */
  async metrics(query: FindingMetricsQuery, visibility: Visibility): Promise<FindingMetricsRow[]> {
    const key = {
      organisation: 'organisations.id',
      sector: 'organisations.sector',
      region: 'organisations.region',
    }[query.groupBy ?? 'sector'] as 'organisations.id';
    const hours = (from: string, to: string) =>
      this.dialect === 'postgres'
        ? sql<number>`avg(extract(epoch from (${sql.ref(to)}::timestamptz - ${sql.ref(from)}::timestamptz)) / 3600.0)`
        : sql<number>`avg((julianday(${sql.ref(to)}) - julianday(${sql.ref(from)})) * 24.0)`;
    const count = (states: readonly string[]) =>
      sql<number>`sum(case when findings.state in (${sql.join(states)}) then 1 else 0 end)`;
    let q = this.db
      .selectFrom('findings')
      .innerJoin('organisations', 'organisations.id', 'findings.org_id')
      .where((eb) => visibleOrganisations(eb, visibility))
      .select((eb) => [
        sql<string | null>`${sql.ref(key)}`.as('key'),
        eb.fn.countAll<number>().as('total'),
        count(['open', 'notified', 'reopened', 'acknowledged']).as('open'),
        count(['fixed']).as('fixed'),
        count(['verified_fixed']).as('verified'),
        count(['false_positive', 'not_ours']).as('closed'),
        hours('findings.notified_at', 'findings.acknowledged_at').as('to_ack'),
        hours('findings.notified_at', 'findings.fixed_at').as('to_fix'),
      ])
      .groupBy(key);
    if (query.orgId) q = q.where('findings.org_id', '=', query.orgId);
    if (query.feedId) q = q.where('findings.feed_id', '=', query.feedId);
    const rows = await q.execute();
    const round = (v: number | null) => (v === null ? null : Math.round(Number(v) * 10) / 10);
    return rows
      .map((r) => {
        const fixed = Number(r.fixed);
        const verified = Number(r.verified);
        return {
          key: r.key,
          total: Number(r.total),
          open: Number(r.open),
          fixed,
          verifiedFixed: verified,
          closed: Number(r.closed),
          meanHoursToAcknowledge: round(r.to_ack),
          meanHoursToFix: round(r.to_fix),
          verifiedShare: fixed + verified > 0 ? verified / (fixed + verified) : null,
        };
      })
      .sort((a, b) => b.total - a.total);
  }

  /**
   * Findings with their feed's and organisation's names. Both are left joins (every finding has
   * a feed): that keeps findings the outer loop, walked in id order, so a page stops after 51
   * matches instead of the planner starting from the feeds and sorting millions of rows.
   */
  private base() {
    return this.db
      .selectFrom('findings')
      .leftJoin('feeds', 'feeds.id', 'findings.feed_id')
      .leftJoin('organisations', 'organisations.id', 'findings.org_id')
      .selectAll('findings')
      .select([
        'feeds.name as feed_name',
        'organisations.name_zh as org_name_zh',
        'organisations.name_en as org_name_en',
      ]);
  }

  /** Unmatched findings belong to no one: only those who see every organisation see them. */
  private visible(eb: ExpressionBuilder<Schema, 'organisations'>, visibility: Visibility) {
    return visibility.kind === 'all'
      ? eb.lit(true)
      : eb.and([eb('organisations.id', 'is not', null), visibleOrganisations(eb, visibility)]);
  }
}
