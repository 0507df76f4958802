import type {
  Audience,
  Bulletin,
  Coverage,
  OverdueRecipient,
  Warning,
  WarningRecipient,
} from '../../contract/advisories.js';
import type { Visibility } from '../../core/auth/policy.js';
import type { AssetResponse, WarningLevel, WarningState } from '../../core/warnings/warning.js';
import { chunks } from '../chunks.js';
import type { Db } from '../database.js';
import { fromJson, toJson } from '../json.js';
import { paginate } from '../pagination.js';
import type { WarningsTable } from '../schema.js';
import { visibleOrganisations } from './organisation.repository.js';

export type WarningFields = Omit<
  Warning,
  | 'issuerNameZh'
  | 'issuerNameEn'
  | 'advisoryTitle'
  | 'recipientCount'
  | 'acknowledgedCount'
  | 'remediatedCount'
>;

export interface RecipientRow {
  orgId: string;
  reasons: string[];
  assetCount: number;
}

export interface ResponseRow {
  assetId: string;
  orgId: string;
  response: AssetResponse;
  reason: string | null;
  respondedBy: string;
  respondedAt: string;
}

/** A recipient late on an issued warning, as the follow-up job reads it. */
export interface LateRecipient {
  warningId: string;
  orgId: string;
  dueAt: string;
  acknowledgedAt: string | null;
  remindedAt: string | null;
}

type WarningRow = WarningsTable & {
  issuer_name_zh: string;
  issuer_name_en: string;
  advisory_title: string | null;
  recipient_count: number | string;
  acknowledged_count: number | string;
  remediated_count: number | string;
};

function toWarning(row: WarningRow): Warning {
  return {
    id: row.id,
    advisoryId: row.advisory_id,
    advisoryTitle: row.advisory_title,
    level: row.level as WarningLevel,
    state: row.state as WarningState,
    issuerOrgId: row.issuer_org_id,
    issuerNameZh: row.issuer_name_zh,
    issuerNameEn: row.issuer_name_en,
    titleZh: row.title_zh,
    titleEn: row.title_en,
    bodyZh: row.body_zh,
    bodyEn: row.body_en,
    measuresZh: row.measures_zh,
    measuresEn: row.measures_en,
    dueAt: row.due_at,
    dueByPolicy: row.due_by_policy === 1,
    audience: fromJson<Audience>(row.audience),
    public: row.public === 1,
    version: row.version,
    recipientCount: Number(row.recipient_count),
    acknowledgedCount: Number(row.acknowledged_count),
    remediatedCount: Number(row.remediated_count),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    issuedAt: row.issued_at,
    liftedAt: row.lifted_at,
    liftReason: row.lift_reason,
  };
}

function columns(w: WarningFields): Omit<WarningsTable, 'created_by'> {
  return {
    id: w.id,
    advisory_id: w.advisoryId,
    level: w.level,
    state: w.state,
    issuer_org_id: w.issuerOrgId,
    title_zh: w.titleZh,
    title_en: w.titleEn,
    body_zh: w.bodyZh,
    body_en: w.bodyEn,
    measures_zh: w.measuresZh,
    measures_en: w.measuresEn,
    due_at: w.dueAt,
    due_by_policy: w.dueByPolicy ? 1 : 0,
    audience: toJson(w.audience),
    public: w.public ? 1 : 0,
    version: w.version,
    created_at: w.createdAt,
    updated_at: w.updatedAt,
    issued_at: w.issuedAt,
    lifted_at: w.liftedAt,
    lift_reason: w.liftReason,
  };
}

/** Warnings, their recipients and each recipient's answers per asset. */
export class WarningRepository {
  constructor(private readonly db: Db) {}

  private select() {
    return this.db
      .selectFrom('warnings as w')
      .innerJoin('organisations as issuer', 'issuer.id', 'w.issuer_org_id')
      .leftJoin('advisories as a', 'a.id', 'w.advisory_id')
      .selectAll('w')
      .select((eb) => [
        'issuer.name_zh as issuer_name_zh',
        'issuer.name_en as issuer_name_en',
        'a.title as advisory_title',
        eb
          .selectFrom('warning_recipients as r')
          .select(eb.fn.countAll().as('n'))
          .whereRef('r.warning_id', '=', 'w.id')
          .as('recipient_count'),
        eb
          .selectFrom('warning_recipients as r')
          .select(eb.fn.countAll().as('n'))
          .whereRef('r.warning_id', '=', 'w.id')
          .where('r.acknowledged_at', 'is not', null)
          .as('acknowledged_count'),
        eb
          .selectFrom('warning_recipients as r')
          .select(eb.fn.countAll().as('n'))
          .whereRef('r.warning_id', '=', 'w.id')
          .where('r.remediated_at', 'is not', null)
          .as('remediated_count'),
      ]);
  }

  async insert(w: WarningFields, createdBy: string) {
    await this.db
      .insertInto('warnings')
      .values({ ...columns(w), created_by: createdBy })
      .execute();
  }

  async update(w: WarningFields) {
    const { id: _id, created_at: _at, ...rest } = columns(w);
    await this.db.updateTable('warnings').set(rest).where('id', '=', w.id).execute();
  }

  async get(id: string): Promise<Warning | null> {
    const row = await this.select().where('w.id', '=', id).executeTakeFirst();
    return row ? toWarning(row as WarningRow) : null;
  }

  /** Warnings newest first: all of them, or those an organisation received (`recipientOrg`). */
  async list(query: { state?: string; recipientOrg?: string; cursor?: string; limit: number }) {
    let q = this.select();
    if (query.state) q = q.where('w.state', '=', query.state);
    if (query.recipientOrg) {
      const org = query.recipientOrg;
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('warning_recipients as me')
            .select('me.org_id')
            .whereRef('me.warning_id', '=', 'w.id')
            .where('me.org_id', '=', org),
        ),
      );
    }
    const page = await paginate(q, {
      column: 'w.updated_at',
      idColumn: 'w.id',
      descending: true,
      cursor: query.cursor,
      limit: query.limit,
    });
    return { items: page.rows.map((r) => toWarning(r as WarningRow)), nextCursor: page.nextCursor };
  }

  async recipientOrgIds(warningId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('warning_recipients')
      .select('org_id')
      .where('warning_id', '=', warningId)
      .execute();
    return rows.map((r) => r.org_id);
  }

  async addRecipients(warningId: string, rows: readonly RecipientRow[], now: string) {
    for (const part of chunks(rows, 300)) {
      await this.db
        .insertInto('warning_recipients')
        .values(
          part.map((r) => ({
            warning_id: warningId,
            org_id: r.orgId,
            reasons: toJson(r.reasons),
            asset_count: r.assetCount,
            added_at: now,
          })),
        )
        .execute();
    }
  }

  async updateRecipient(warningId: string, r: RecipientRow) {
    await this.db
      .updateTable('warning_recipients')
      .set({ reasons: toJson(r.reasons), asset_count: r.assetCount })
      .where('warning_id', '=', warningId)
      .where('org_id', '=', r.orgId)
      .execute();
  }

  async recipients(
    warningId: string,
    now: string,
    visibility: Visibility,
  ): Promise<WarningRecipient[]> {
    const rows = await this.db
      .selectFrom('warning_recipients as r')
      .innerJoin('organisations', 'organisations.id', 'r.org_id')
      .innerJoin('warnings as w', 'w.id', 'r.warning_id')
      .selectAll('r')
      .select((eb) => [
        'organisations.name_zh',
        'organisations.name_en',
        'organisations.sector',
        'organisations.region',
        'w.due_at',
        eb
          .selectFrom('warning_responses as s')
          .select(eb.fn.countAll().as('n'))
          .whereRef('s.warning_id', '=', 'r.warning_id')
          .whereRef('s.org_id', '=', 'r.org_id')
          .as('responded'),
      ])
      .where('r.warning_id', '=', warningId)
      .where((eb) => visibleOrganisations(eb as never, visibility))
      .orderBy('organisations.name_en')
      .execute();
    return rows.map((r) => ({
      orgId: r.org_id,
      nameZh: r.name_zh,
      nameEn: r.name_en,
      sector: r.sector,
      region: r.region,
      reasons: fromJson<string[]>(r.reasons),
      assetCount: r.asset_count,
      acknowledgedAt: r.acknowledged_at,
      remediatedAt: r.remediated_at,
      remindedAt: r.reminded_at,
      escalatedAt: r.escalated_at,
      responded: Number(r.responded ?? 0),
      overdue: r.remediated_at === null && r.due_at < now,
    }));
  }

  async acknowledge(warningId: string, orgId: string, by: string, at: string) {
    await this.db
      .updateTable('warning_recipients')
      .set({ acknowledged_at: at, acknowledged_by: by })
      .where('warning_id', '=', warningId)
      .where('org_id', '=', orgId)
      .where('acknowledged_at', 'is', null)
      .execute();
  }

  async setRemediated(warningId: string, orgId: string, at: string | null) {
    await this.db
      .updateTable('warning_recipients')
      .set({ remediated_at: at })
      .where('warning_id', '=', warningId)
      .where('org_id', '=', orgId)
      .execute();
  }

  async saveResponses(warningId: string, rows: readonly ResponseRow[]) {
    for (const r of rows) {
      await this.db
        .deleteFrom('warning_responses')
        .where('warning_id', '=', warningId)
        .where('asset_id', '=', r.assetId)
        .execute();
    }
    for (const part of chunks(rows, 300)) {
      await this.db
        .insertInto('warning_responses')
        .values(
          part.map((r) => ({
            warning_id: warningId,
            asset_id: r.assetId,
            org_id: r.orgId,
            response: r.response,
            reason: r.reason,
            responded_by: r.respondedBy,
            responded_at: r.respondedAt,
          })),
        )
        .execute();
    }
  }

  async responses(warningId: string, orgId: string): Promise<Map<string, ResponseRow>> {
    const rows = await this.db
      .selectFrom('warning_responses')
      .selectAll()
      .where('warning_id', '=', warningId)
      .where('org_id', '=', orgId)
      .execute();
    return new Map(
      rows.map((r) => [
        r.asset_id,
        {
          assetId: r.asset_id,
          orgId: r.org_id,
          response: r.response as AssetResponse,
          reason: r.reason,
          respondedBy: r.responded_by,
          respondedAt: r.responded_at,
        },
      ]),
    );
  }

  /**
   * Recipients of issued warnings past due and not remediated that need a step: never reminded,
   * or reminded at or before `remindedBefore` and not yet escalated.
   */
  async late(now: string, remindedBefore: string, limit: number): Promise<LateRecipient[]> {
    const rows = await this.db
      .selectFrom('warning_recipients as r')
      .innerJoin('warnings as w', 'w.id', 'r.warning_id')
      .select(['r.warning_id', 'r.org_id', 'w.due_at', 'r.acknowledged_at', 'r.reminded_at'])
      .where('w.state', '=', 'issued')
      .where('w.due_at', '<', now)
      .where('r.remediated_at', 'is', null)
      .where('r.escalated_at', 'is', null)
      .where((eb) =>
        eb.or([eb('r.reminded_at', 'is', null), eb('r.reminded_at', '<=', remindedBefore)]),
      )
      .orderBy('w.due_at')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      warningId: r.warning_id,
      orgId: r.org_id,
      dueAt: r.due_at,
      acknowledgedAt: r.acknowledged_at,
      remindedAt: r.reminded_at,
    }));
  }

  /** Every recipient past due and not remediated, on issued warnings, most overdue first. */
  async overdue(now: string, visibility: Visibility): Promise<OverdueRecipient[]> {
    const rows = await this.db
      .selectFrom('warning_recipients as r')
      .innerJoin('warnings as w', 'w.id', 'r.warning_id')
      .innerJoin('organisations', 'organisations.id', 'r.org_id')
      .select([
        'r.warning_id',
        'w.level',
        'w.title_zh',
        'w.title_en',
        'w.due_at',
        'r.org_id',
        'organisations.name_zh',
        'organisations.name_en',
        'organisations.sector',
        'organisations.region',
        'r.acknowledged_at',
        'r.reminded_at',
        'r.escalated_at',
      ])
      .where('w.state', '=', 'issued')
      .where('w.due_at', '<', now)
      .where('r.remediated_at', 'is', null)
      .where((eb) => visibleOrganisations(eb as never, visibility))
      .orderBy('w.due_at')
      .orderBy('organisations.name_en')
      .limit(1000)
      .execute();
    return rows.map((r) => ({
      warningId: r.warning_id,
      level: r.level as WarningLevel,
      titleZh: r.title_zh,
      titleEn: r.title_en,
      dueAt: r.due_at,
      orgId: r.org_id,
      nameZh: r.name_zh,
      nameEn: r.name_en,
      sector: r.sector,
      region: r.region,
      acknowledgedAt: r.acknowledged_at,
      remindedAt: r.reminded_at,
      escalatedAt: r.escalated_at,
    }));
  }

  async markReminded(warningId: string, orgId: string, at: string) {
    await this.db
      .updateTable('warning_recipients')
      .set({ reminded_at: at })
      .where('warning_id', '=', warningId)
      .where('org_id', '=', orgId)
      .execute();
  }

  async markEscalated(warningId: string, orgId: string, at: string) {
    await this.db
      .updateTable('warning_recipients')
      .set({ escalated_at: at })
      .where('warning_id', '=', warningId)
      .where('org_id', '=', orgId)
      .execute();
  }

  /** Acknowledgement and remediation of one warning by sector and region, and day by day. */
  async coverage(warningId: string, now: string, visibility: Visibility): Promise<Coverage> {
    const recipients = await this.recipients(warningId, now, visibility);
    const group = (key: (r: WarningRecipient) => string) => {
      const rows = new Map<string, Coverage['bySector'][number]>();
      for (const r of recipients) {
        const k = key(r);
        const row = rows.get(k) ?? { key: k, total: 0, acknowledged: 0, remediated: 0, overdue: 0 };
        row.total += 1;
        if (r.acknowledgedAt) row.acknowledged += 1;
        if (r.remediatedAt) row.remediated += 1;
        if (r.overdue) row.overdue += 1;
        rows.set(k, row);
      }
      return [...rows.values()].sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));
    };
    const days = new Map<string, { acknowledged: number; remediated: number }>();
    for (const r of recipients) {
      for (const [at, field] of [
        [r.acknowledgedAt, 'acknowledged'],
        [r.remediatedAt, 'remediated'],
      ] as const) {
        if (!at) continue;
        const day = days.get(at.slice(0, 10)) ?? { acknowledged: 0, remediated: 0 };
        day[field] += 1;
        days.set(at.slice(0, 10), day);
      }
    }
    // Cumulative, so the chart shows coverage rising towards the total.
    let acknowledged = 0;
    let remediated = 0;
    const timeline = [...days.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([day, d]) => ({
        day,
        acknowledged: (acknowledged += d.acknowledged),
        remediated: (remediated += d.remediated),
      }));
    return {
      total: recipients.length,
      acknowledged: recipients.filter((r) => r.acknowledgedAt).length,
      remediated: recipients.filter((r) => r.remediatedAt).length,
      overdue: recipients.filter((r) => r.overdue).length,
      bySector: group((r) => r.sector ?? 'none'),
      byRegion: group((r) => r.region ?? 'none'),
      timeline,
    };
  }

  /** Public warnings that were issued (and possibly lifted since), newest first. */
  async bulletins(limit: number): Promise<Bulletin[]> {
    const rows = await this.db
      .selectFrom('warnings as w')
      .innerJoin('organisations as issuer', 'issuer.id', 'w.issuer_org_id')
      .leftJoin('advisories as a', 'a.id', 'w.advisory_id')
      .selectAll('w')
      .select(['issuer.name_zh as issuer_name_zh', 'issuer.name_en as issuer_name_en', 'a.cves'])
      .where('w.public', '=', 1)
      .where('w.state', 'in', ['issued', 'lifted'])
      .orderBy('w.updated_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      level: r.level as WarningLevel,
      state: r.state as WarningState,
      titleZh: r.title_zh,
      titleEn: r.title_en,
      bodyZh: r.body_zh,
      bodyEn: r.body_en,
      measuresZh: r.measures_zh,
      measuresEn: r.measures_en,
      issuerNameZh: r.issuer_name_zh,
      issuerNameEn: r.issuer_name_en,
      cves: r.cves ? fromJson<string[]>(r.cves) : [],
      issuedAt: r.issued_at!,
      updatedAt: r.updated_at,
      liftedAt: r.lifted_at,
    }));
  }
}
