import { sql } from 'kysely';
import type { AuditEntry, AuditListQuery } from '../../contract/audit.js';
import type { ChainLink } from '../../core/audit/hash-chain.js';
import type { Db, Dialect } from '../database.js';
import { fromJson, toJson } from '../json.js';
import { paginate } from '../pagination.js';
import type { AuditLogTable } from '../schema.js';

function toLink(row: AuditLogTable): ChainLink {
  return {
    seq: Number(row.seq),
    at: row.at,
    actorUserId: row.actor_user_id,
    actorLabel: row.actor_label,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    summary: fromJson(row.summary),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export class AuditRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  /**
   * The last link, locked against concurrent appenders until the transaction ends. SQLite
   * needs no lock: its transactions here begin immediate and so already run one at a time.
   */
  async lockHead(): Promise<{ seq: number; hash: string } | null> {
    if (this.dialect === 'postgres')
      await sql`select pg_advisory_xact_lock(7262001)`.execute(this.db);
    const row = await this.db
      .selectFrom('audit_log')
      .select(['seq', 'hash'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? { seq: Number(row.seq), hash: row.hash } : null;
  }

  async append(link: ChainLink): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({
        seq: link.seq,
        at: link.at,
        actor_user_id: link.actorUserId,
        actor_label: link.actorLabel,
        action: link.action,
        entity_type: link.entityType,
        entity_id: link.entityId,
        summary: toJson(link.summary),
        prev_hash: link.prevHash,
        hash: link.hash,
      })
      .execute();
  }

  /** Links in order from `afterSeq`, a batch at a time, for verification. */
  async links(afterSeq: number, limit: number): Promise<ChainLink[]> {
    const rows = await this.db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map(toLink);
  }

  async list(query: AuditListQuery) {
    let q = this.db.selectFrom('audit_log').selectAll();
    if (query.entityType) q = q.where('entity_type', '=', query.entityType);
    if (query.entityId) q = q.where('entity_id', '=', query.entityId);
    if (query.action) q = q.where('action', '=', query.action);
    const page = await paginate(q, {
      column: 'seq',
      idColumn: 'seq',
      descending: true,
      cursor: query.cursor,
      limit: query.limit ?? 50,
    });
    const items: AuditEntry[] = page.rows.map((row) => {
      const { prevHash: _p, ...entry } = toLink(row);
      return entry;
    });
    return { items, nextCursor: page.nextCursor };
  }
}
