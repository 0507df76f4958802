import type { Network, NetworkType } from '../../contract/registry.js';
import type { Visibility } from '../../core/auth/policy.js';
import type { Db } from '../database.js';
import { paginate } from '../pagination.js';
import { visibleOrganisations } from './organisation.repository.js';
import type { NetworksTable } from '../schema.js';
import { chunks } from '../chunks.js';

function toNetwork(row: NetworksTable): Network {
  return {
    id: row.id,
    orgId: row.org_id,
    type: row.type as NetworkType,
    value: row.value,
    source: row.source,
    note: row.note,
    createdAt: row.created_at,
  };
}

export class NetworkRepository {
  constructor(private readonly db: Db) {}

  async insertMany(networks: Network[]): Promise<void> {
    // 100 rows of 7 columns stays under SQLite's bound-parameter limit.
    for (let i = 0; i < networks.length; i += 100) {
      await this.db
        .insertInto('networks')
        .values(
          networks.slice(i, i + 100).map((n) => ({
            id: n.id,
            org_id: n.orgId,
            type: n.type,
            value: n.value,
            source: n.source,
            note: n.note,
            created_at: n.createdAt,
          })),
        )
        .execute();
    }
  }

  async reassign(id: string, orgId: string, note: string | null): Promise<void> {
    await this.db
      .updateTable('networks')
      .set({ org_id: orgId, note })
      .where('id', '=', id)
      .execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('networks').where('id', '=', id).execute();
  }

  async get(id: string): Promise<Network | null> {
    const row = await this.db
      .selectFrom('networks')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toNetwork(row) : null;
  }

  /** The existing entries among `values` (canonical), keyed by `type:value`. */
  async byValues(
    values: readonly { type: NetworkType; value: string }[],
  ): Promise<Map<string, Network>> {
    const found = new Map<string, Network>();
    for (const chunk of chunks(values)) {
      const rows = await this.db
        .selectFrom('networks')
        .selectAll()
        .where(
          'value',
          'in',
          chunk.map((v) => v.value),
        )
        .execute();
      for (const row of rows) found.set(`${row.type}:${row.value}`, toNetwork(row));
    }
    return found;
  }

  async list(orgId: string, cursor: string | undefined, limit: number) {
    const q = this.db.selectFrom('networks').selectAll().where('org_id', '=', orgId);
    const page = await paginate(q, {
      column: 'value',
      idColumn: 'id',
      descending: false,
      cursor,
      limit,
    });
    return { items: page.rows.map(toNetwork), nextCursor: page.nextCursor };
  }

  /** Every entry of the organisations a visibility allows, for exports. */
  async all(visibility: Visibility) {
    const rows = await this.db
      .selectFrom('networks')
      .innerJoin('organisations', 'organisations.id', 'networks.org_id')
      .where((eb) => visibleOrganisations(eb, visibility))
      .selectAll('networks')
      .select('organisations.external_id as org_external_id')
      .orderBy('networks.org_id')
      .orderBy('networks.id')
      .execute();
    return rows.map((row) => ({ ...toNetwork(row), orgExternalId: row.org_external_id }));
  }

  /** Bumped in the transaction of every change, so other processes know to reload their index. */
  async bumpVersion(): Promise<void> {
    await this.db
      .updateTable('counters')
      .set((eb) => ({ value: eb('value', '+', 1) }))
      .where('name', '=', 'networks')
      .execute();
  }

  async version(): Promise<number> {
    const row = await this.db
      .selectFrom('counters')
      .select('value')
      .where('name', '=', 'networks')
      .executeTakeFirstOrThrow();
    return Number(row.value);
  }
}
