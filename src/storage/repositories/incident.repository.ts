import { sql } from 'kysely';
import type { IncidentListQuery } from '../../contract/incidents.js';
import type { Visibility } from '../../core/auth/policy.js';
import type { Clock, ClockState } from '../../core/reporting/clocks.js';
import type { Receipt } from '../../core/reporting/receipt.js';
import type { Certainty } from '../../core/rules/pack.js';
import type { Db, Dialect } from '../database.js';
import { fromJson, toJson } from '../json.js';
import { paginate } from '../pagination.js';
import type {
  IncidentAttachmentsTable,
  IncidentClocksTable,
  IncidentsTable,
  IncidentSubmissionsTable,
} from '../schema.js';
import { visibleOrganisations } from './organisation.repository.js';

export interface StoredIncident {
  id: string;
  reference: string;
  reporterOrgId: string;
  reportedBy: string | null;
  source: string;
  status: string;
  category: string;
  title: string;
  summary: string;
  tlp: string;
  facts: Record<string, string | number | boolean | null>;
  anchors: Record<string, string>;
  details: Record<string, unknown>;
  gradeOverrides: Record<string, { grade: string; reason: string; by: string; at: string }>;
  createdAt: string;
  updatedAt: string;
}

export interface StoredSubmission {
  id: string;
  incidentId: string;
  pack: string;
  stage: string;
  version: number;
  content: Record<string, unknown>;
  submittedAt: string;
  submittedBy: string | null;
  idempotencyKey: string | null;
  receipt: Receipt;
}

export interface StoredClock extends Clock {
  id: string;
  incidentId: string;
  remindersSent: number;
  nextFireAt: string | null;
}

function toIncident(row: IncidentsTable): StoredIncident {
  return {
    id: row.id,
    reference: row.reference,
    reporterOrgId: row.reporter_org_id,
    reportedBy: row.reported_by,
    source: row.source,
    status: row.status,
    category: row.category,
    title: row.title,
    summary: row.summary,
    tlp: row.tlp,
    facts: fromJson(row.facts),
    anchors: fromJson(row.anchors),
    details: fromJson(row.details),
    gradeOverrides: fromJson(row.grade_overrides),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toColumns(i: StoredIncident): IncidentsTable {
  return {
    id: i.id,
    reference: i.reference,
    reporter_org_id: i.reporterOrgId,
    reported_by: i.reportedBy,
    source: i.source,
    status: i.status,
    category: i.category,
    title: i.title,
    summary: i.summary,
    tlp: i.tlp,
    facts: toJson(i.facts),
    anchors: toJson(i.anchors),
    details: toJson(i.details),
    grade_overrides: toJson(i.gradeOverrides),
    created_at: i.createdAt,
    updated_at: i.updatedAt,
  };
}

function toSubmission(row: IncidentSubmissionsTable): StoredSubmission {
  return {
    id: row.id,
    incidentId: row.incident_id,
    pack: row.pack,
    stage: row.stage,
    version: row.version,
    content: fromJson(row.content),
    submittedAt: row.submitted_at,
    submittedBy: row.submitted_by,
    idempotencyKey: row.idempotency_key,
    receipt: fromJson(row.receipt),
  };
}

function toClock(row: IncidentClocksTable): StoredClock {
  return {
    id: row.id,
    incidentId: row.incident_id,
    pack: row.pack,
    kind: row.kind as Clock['kind'],
    ref: row.ref,
    owedBy: fromJson(row.owed_by),
    owedTo: fromJson(row.owed_to),
    anchorAt: row.anchor_at,
    dueAt: row.due_at,
    immediate: row.immediate === 1,
    state: row.state as ClockState,
    metAt: row.met_at,
    waivedReason: row.waived_reason,
    source: row.source,
    certainty: row.certainty as Certainty,
    remindersSent: row.reminders_sent,
    nextFireAt: row.next_fire_at,
  };
}

/** Incidents, their stage submissions and their clocks. */
export class IncidentRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  /**
   * The clocks whose next action time has come, oldest first: one range scan of the
   * next_fire_at index. PostgreSQL: locked and skipped by concurrent workers.
   */
  async dueClocks(now: string, limit: number): Promise<StoredClock[]> {
    let q = this.db
      .selectFrom('incident_clocks')
      .selectAll()
      .where('next_fire_at', '<=', now)
      .orderBy('next_fire_at')
      .limit(limit);
    if (this.dialect === 'postgres') q = q.forUpdate().skipLocked();
    return (await q.execute()).map(toClock);
  }

  /** When the next clock needs attention, or null when none does. */
  async nextFireAt(): Promise<string | null> {
    const row = await this.db
      .selectFrom('incident_clocks')
      .select((eb) => eb.fn.min('next_fire_at').as('next'))
      .executeTakeFirst();
    return (row?.next as string | null | undefined) ?? null;
  }

  /**
   * Stage deadlines by state, grouped by a column of the reporting organisation, over the
   * incidents a visibility allows: one aggregate query.
   */
  async clockCounts(
    groupBy: 'sector' | 'region' | 'id' | 'parent_id',
    visibility: Visibility,
    filter: { pack?: string; from?: string; to?: string },
  ) {
    let q = this.db
      .selectFrom('incident_clocks')
      .innerJoin('incidents', 'incidents.id', 'incident_clocks.incident_id')
      .innerJoin('organisations', 'organisations.id', 'incidents.reporter_org_id')
      .where((eb) => visibleOrganisations(eb, visibility))
      .where('incident_clocks.kind', '=', 'stage');
    if (filter.pack) q = q.where('incident_clocks.pack', '=', filter.pack);
    if (filter.from) q = q.where('incidents.created_at', '>=', filter.from);
    if (filter.to) q = q.where('incidents.created_at', '<', filter.to);
    const rows = await q
      .select((eb) => [
        eb.ref(`organisations.${groupBy}`).as('key'),
        eb.fn.countAll<number>().filterWhere('incident_clocks.state', '=', 'pending').as('pending'),
        eb.fn.countAll<number>().filterWhere('incident_clocks.state', '=', 'overdue').as('overdue'),
        eb.fn.countAll<number>().filterWhere('incident_clocks.state', '=', 'met_late').as('late'),
        eb.fn.countAll<number>().filterWhere('incident_clocks.state', '=', 'met').as('on_time'),
        eb.fn.count<number>('incidents.id').distinct().as('incidents'),
      ])
      .groupBy(`organisations.${groupBy}`)
      .execute();
    return rows.map((r) => ({
      key: r.key as string | null,
      pending: Number(r.pending),
      overdue: Number(r.overdue),
      late: Number(r.late),
      onTime: Number(r.on_time),
      incidents: Number(r.incidents),
    }));
  }

  /** For each visible incident: its group key, when the reporter became aware, and its first submission. */
  async firstReports(
    groupBy: 'sector' | 'region' | 'id' | 'parent_id',
    visibility: Visibility,
    filter: { from?: string; to?: string },
  ) {
    let q = this.db
      .selectFrom('incidents')
      .innerJoin('organisations', 'organisations.id', 'incidents.reporter_org_id')
      .innerJoin('incident_submissions', 'incident_submissions.incident_id', 'incidents.id')
      .where((eb) => visibleOrganisations(eb, visibility));
    if (filter.from) q = q.where('incidents.created_at', '>=', filter.from);
    if (filter.to) q = q.where('incidents.created_at', '<', filter.to);
    const rows = await q
      .select((eb) => [
        eb.ref(`organisations.${groupBy}`).as('key'),
        'incidents.anchors',
        eb.fn.min('incident_submissions.submitted_at').as('first'),
      ])
      .groupBy([`organisations.${groupBy}`, 'incidents.id', 'incidents.anchors'])
      .execute();
    return rows.map((r) => ({
      key: r.key as string | null,
      aware: fromJson<Record<string, string>>(r.anchors).aware ?? null,
      first: r.first as string,
    }));
  }

  /** Deadlines by the day they fell due, from `from` on: how many were met, met late or missed. */
  async clocksByDueDay(visibility: Visibility, from: string) {
    const day = sql<string>`substr(incident_clocks.due_at, 1, 10)`;
    const rows = await this.db
      .selectFrom('incident_clocks')
      .innerJoin('incidents', 'incidents.id', 'incident_clocks.incident_id')
      .innerJoin('organisations', 'organisations.id', 'incidents.reporter_org_id')
      .where((eb) => visibleOrganisations(eb, visibility))
      .where('incident_clocks.due_at', '>=', from)
      .select((eb) => [
        day.as('day'),
        eb.fn.countAll<number>().filterWhere('incident_clocks.state', '=', 'met').as('on_time'),
        eb.fn.countAll<number>().filterWhere('incident_clocks.state', '=', 'met_late').as('late'),
        eb.fn.countAll<number>().filterWhere('incident_clocks.state', '=', 'overdue').as('overdue'),
      ])
      .groupBy(day)
      .orderBy(day)
      .execute();
    return rows.map((r) => ({
      day: r.day,
      onTime: Number(r.on_time),
      late: Number(r.late),
      overdue: Number(r.overdue),
    }));
  }

  /** Overdue deadlines, oldest first: the list supervisors chase. */
  async overdue(visibility: Visibility, limit: number) {
    return this.db
      .selectFrom('incident_clocks')
      .innerJoin('incidents', 'incidents.id', 'incident_clocks.incident_id')
      .innerJoin('organisations', 'organisations.id', 'incidents.reporter_org_id')
      .where((eb) => visibleOrganisations(eb, visibility))
      .where('incident_clocks.state', '=', 'overdue')
      .select([
        'incident_clocks.id as clock_id',
        'incidents.id as incident_id',
        'incidents.reference',
        'organisations.id as org_id',
        'organisations.name_zh',
        'organisations.name_en',
        'incident_clocks.pack',
        'incident_clocks.kind',
        'incident_clocks.ref',
        'incident_clocks.due_at',
      ])
      .orderBy('incident_clocks.due_at')
      .limit(limit)
      .execute();
  }

  async insertAttachment(row: IncidentAttachmentsTable): Promise<void> {
    await this.db.insertInto('incident_attachments').values(row).execute();
  }

  /** The attachments' descriptions, without their content. */
  async attachments(incidentId: string) {
    return this.db
      .selectFrom('incident_attachments')
      .select(['id', 'filename', 'content_type', 'size', 'sha256', 'uploaded_by', 'uploaded_at'])
      .where('incident_id', '=', incidentId)
      .orderBy('uploaded_at')
      .execute();
  }

  async attachment(id: string): Promise<IncidentAttachmentsTable | null> {
    return (
      (await this.db
        .selectFrom('incident_attachments')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst()) ?? null
    );
  }

  /** The next number of the year's incident references, counted in the transaction. */
  async nextNumber(year: number): Promise<number> {
    const row = await this.db
      .insertInto('counters')
      .values({ name: `incident:${year}`, value: 1 })
      .onConflict((oc) =>
        oc.column('name').doUpdateSet((eb) => ({ value: eb('counters.value', '+', 1) })),
      )
      .returning('value')
      .executeTakeFirstOrThrow();
    return Number(row.value);
  }

  async insert(incident: StoredIncident): Promise<void> {
    await this.db.insertInto('incidents').values(toColumns(incident)).execute();
  }

  async update(incident: StoredIncident): Promise<void> {
    const { id: _id, ...columns } = toColumns(incident);
    await this.db.updateTable('incidents').set(columns).where('id', '=', incident.id).execute();
  }

  async get(id: string): Promise<StoredIncident | null> {
    const row = await this.db
      .selectFrom('incidents')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toIncident(row) : null;
  }

  async list(query: IncidentListQuery, visibility: Visibility) {
    let q = this.db
      .selectFrom('incidents')
      .innerJoin('organisations', 'organisations.id', 'incidents.reporter_org_id')
      .where((eb) => visibleOrganisations(eb, visibility))
      .selectAll('incidents');
    if (query.status) q = q.where('incidents.status', '=', query.status);
    if (query.reporterOrgId) q = q.where('incidents.reporter_org_id', '=', query.reporterOrgId);
    if (query.category) q = q.where('incidents.category', '=', query.category);
    const page = await paginate(q, {
      column: 'incidents.created_at',
      idColumn: 'incidents.id',
      descending: true,
      cursor: query.cursor,
      limit: query.limit ?? 50,
    });
    return { items: page.rows.map(toIncident), nextCursor: page.nextCursor };
  }

  async insertSubmission(s: StoredSubmission): Promise<void> {
    await this.db
      .insertInto('incident_submissions')
      .values({
        id: s.id,
        incident_id: s.incidentId,
        pack: s.pack,
        stage: s.stage,
        version: s.version,
        content: toJson(s.content),
        submitted_at: s.submittedAt,
        submitted_by: s.submittedBy,
        idempotency_key: s.idempotencyKey,
        receipt: toJson(s.receipt),
      })
      .execute();
  }

  async submissions(incidentId: string): Promise<StoredSubmission[]> {
    const rows = await this.db
      .selectFrom('incident_submissions')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .orderBy('submitted_at')
      .orderBy('id')
      .execute();
    return rows.map(toSubmission);
  }

  async submissionsByIdempotencyKey(key: string): Promise<StoredSubmission[]> {
    const rows = await this.db
      .selectFrom('incident_submissions')
      .selectAll()
      // Every row stored under this key, `key#pack/stage`: a range, not LIKE, so `%` or `_` in a
      // client's key match only themselves ('$' is the character after '#').
      .where('idempotency_key', '>', `${key}#`)
      .where('idempotency_key', '<', `${key}$`)
      .orderBy('id')
      .execute();
    return rows.map(toSubmission);
  }

  async clocks(incidentId: string): Promise<StoredClock[]> {
    const rows = await this.db
      .selectFrom('incident_clocks')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .orderBy('due_at')
      .orderBy('id')
      .execute();
    return rows.map(toClock);
  }

  async clock(id: string): Promise<StoredClock | null> {
    const row = await this.db
      .selectFrom('incident_clocks')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toClock(row) : null;
  }

  /** Writes the incident's clocks as reconciled: new ones inserted, changed ones updated, dropped ones deleted. */
  async saveClocks(
    incidentId: string,
    clocks: readonly StoredClock[],
    dropped: readonly string[],
  ): Promise<void> {
    if (dropped.length > 0)
      await this.db
        .deleteFrom('incident_clocks')
        .where('id', 'in', [...dropped])
        .execute();
    for (const c of clocks) {
      const columns = {
        owed_by: toJson(c.owedBy),
        owed_to: toJson(c.owedTo),
        anchor_at: c.anchorAt,
        due_at: c.dueAt,
        immediate: c.immediate ? 1 : 0,
        state: c.state,
        met_at: c.metAt,
        waived_reason: c.waivedReason,
        source: c.source,
        certainty: c.certainty,
        reminders_sent: c.remindersSent,
        next_fire_at: c.nextFireAt,
      } as const;
      await this.db
        .insertInto('incident_clocks')
        .values({
          id: c.id,
          incident_id: incidentId,
          pack: c.pack,
          kind: c.kind,
          ref: c.ref,
          ...columns,
        })
        .onConflict((oc) => oc.columns(['incident_id', 'pack', 'kind', 'ref']).doUpdateSet(columns))
        .execute();
    }
  }
}
