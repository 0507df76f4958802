import { stringify } from 'csv-stringify/sync';
import type {
  OverdueClock,
  SupervisionQuery,
  SupervisionRow,
  TimelinePoint,
} from '../contract/supervision.js';
import { authorize, visibility, type Actor } from '../core/auth/policy.js';
import { isoNow } from '../core/time.js';
import type { Database } from '../storage/database.js';
import { repositories } from './unit-of-work.js';

const COLUMN = { sector: 'sector', region: 'region', operator: 'id', parent: 'parent_id' } as const;

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * What supervisors watch: for the incidents an actor may see, grouped by sector, region,
 * operator or supervising organisation — deadlines pending, missed, met late and met in time,
 * the on-time rate, and the median time from awareness to the first report.
 */
export class SupervisionService {
  constructor(
    private readonly database: Database,
    private readonly now: () => string = isoNow,
  ) {}

  async summary(actor: Actor, query: SupervisionQuery): Promise<SupervisionRow[]> {
    authorize(actor, 'incident.read');
    const repos = repositories(this.database.db, this.database.dialect);
    const column = COLUMN[query.groupBy ?? 'sector'];
    const scope = visibility(actor, 'incident.read');
    const counts = await repos.incidents.clockCounts(column, scope, query);
    const minutes = new Map<string | null, number[]>();
    for (const r of await repos.incidents.firstReports(column, scope, query)) {
      if (!r.aware) continue;
      const list = minutes.get(r.key) ?? [];
      list.push((Date.parse(r.first) - Date.parse(r.aware)) / 60_000);
      minutes.set(r.key, list);
    }
    return counts
      .map((c) => {
        const settled = c.onTime + c.late + c.overdue;
        return {
          ...c,
          onTimeRate: settled === 0 ? null : c.onTime / settled,
          medianMinutesToFirstReport: median(minutes.get(c.key) ?? []),
        };
      })
      .sort((a, b) => b.overdue + b.late - (a.overdue + a.late));
  }

  async summaryCsv(actor: Actor, query: SupervisionQuery): Promise<string> {
    const rows = await this.summary(actor, query);
    return stringify(rows, {
      header: true,
      columns: [
        'key',
        'pending',
        'overdue',
        'late',
        'onTime',
        'onTimeRate',
        'incidents',
        'medianMinutesToFirstReport',
      ],
    });
  }

  /** Deadlines per day over the last `days` days: met, met late, missed. */
  async timeline(actor: Actor, days = 30): Promise<TimelinePoint[]> {
    authorize(actor, 'incident.read');
    const from = new Date(Date.parse(this.now()) - days * 86_400_000).toISOString().slice(0, 10);
    return repositories(this.database.db, this.database.dialect).incidents.clocksByDueDay(
      visibility(actor, 'incident.read'),
      from,
    );
  }

  /** The overdue deadlines, longest overdue first. */
  async overdue(actor: Actor, limit = 200): Promise<OverdueClock[]> {
    authorize(actor, 'incident.read');
    const now = Date.parse(this.now());
    const rows = await repositories(this.database.db, this.database.dialect).incidents.overdue(
      visibility(actor, 'incident.read'),
      limit,
    );
    return rows.map((r) => ({
      clockId: r.clock_id,
      incidentId: r.incident_id,
      reference: r.reference,
      reporterOrgId: r.org_id,
      reporterName: r.name_zh,
      reporterNameEn: r.name_en,
      pack: r.pack,
      kind: r.kind,
      ref: r.ref,
      dueAt: r.due_at!,
      minutesLate: Math.floor((now - Date.parse(r.due_at!)) / 60_000),
    }));
  }
}
