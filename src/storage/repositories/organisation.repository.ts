import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Visibility } from '../../core/auth/policy.js';
import type {
  Organisation,
  OrganisationInput,
  OrganisationListQuery,
} from '../../contract/registry.js';
import type { Db } from '../database.js';
import { fromJson, toJson } from '../json.js';
import { paginate } from '../pagination.js';
import type { OrganisationsTable, Schema } from '../schema.js';
import { chunks } from '../chunks.js';

type Row = OrganisationsTable;
type Fields = Required<OrganisationInput>;

export function toOrganisation(row: Row): Organisation {
  return {
    id: row.id,
    externalId: row.external_id,
    kind: row.kind as Organisation['kind'],
    parentId: row.parent_id,
    nameZh: row.name_zh,
    nameEn: row.name_en,
    sector: row.sector as Organisation['sector'],
    region: row.region,
    country: row.country,
    cii: {
      designated: row.cii_designated === 1,
      department: row.cii_department,
      date: row.cii_date,
      legalBasis: row.cii_legal_basis,
    },
    remit: row.remit === null ? null : fromJson(row.remit),
    timezone: row.timezone,
    language: row.language as Organisation['language'],
    externalIds: fromJson(row.external_ids),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toColumns(fields: Fields) {
  return {
    external_id: fields.externalId,
    kind: fields.kind,
    parent_id: fields.parentId,
    name_zh: fields.nameZh,
    name_en: fields.nameEn,
    sector: fields.sector,
    region: fields.region,
    country: fields.country,
    cii_designated: fields.cii.designated ? 1 : 0,
    cii_department: fields.cii.department,
    cii_date: fields.cii.date,
    cii_legal_basis: fields.cii.legalBasis,
    remit: fields.remit === null ? null : toJson(fields.remit),
    timezone: fields.timezone,
    language: fields.language,
    external_ids: toJson(fields.externalIds),
  } as const;
}

/** The SQL form of a Visibility over the organisations table. */
export function visibleOrganisations(
  eb: ExpressionBuilder<Schema, 'organisations'>,
  visibility: Visibility,
): Expression<SqlBool> {
  switch (visibility.kind) {
    case 'all':
      return eb.lit(true);
    case 'none':
      return eb.lit(false);
    case 'own':
      return eb('organisations.id', '=', visibility.orgId);
    case 'remit': {
      const { orgId, remit } = visibility;
      const either = [
        eb('organisations.id', '=', orgId),
        eb('organisations.parent_id', '=', orgId),
      ];
      if (remit && (remit.sectors.length > 0 || remit.regions.length > 0)) {
        const covered = [];
        if (remit.sectors.length > 0)
          covered.push(eb('organisations.sector', 'in', [...remit.sectors]));
        if (remit.regions.length > 0)
          covered.push(eb('organisations.region', 'in', [...remit.regions]));
        either.push(eb.and(covered));
      }
      return eb.or(either);
    }
  }
}

const SORTS = {
  name: { column: 'organisations.name_en', descending: false },
  '-name': { column: 'organisations.name_en', descending: true },
  created: { column: 'organisations.created_at', descending: false },
  '-created': { column: 'organisations.created_at', descending: true },
} as const;

export class OrganisationRepository {
  constructor(private readonly db: Db) {}

  async insert(id: string, fields: Fields, now: string): Promise<Organisation> {
    const row: Row = { id, ...toColumns(fields), created_at: now, updated_at: now };
    await this.db.insertInto('organisations').values(row).execute();
    return toOrganisation(row);
  }

  async update(id: string, fields: Fields, now: string): Promise<void> {
    await this.db
      .updateTable('organisations')
      .set({ ...toColumns(fields), updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('organisations').where('id', '=', id).execute();
  }

  async get(id: string): Promise<Organisation | null> {
    const row = await this.db
      .selectFrom('organisations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toOrganisation(row) : null;
  }

  async byExternalIds(externalIds: readonly string[]): Promise<Map<string, Organisation>> {
    const found = new Map<string, Organisation>();
    // Chunked: SQLite caps bound parameters per statement.
    for (const chunk of chunks(externalIds)) {
      const rows = await this.db
        .selectFrom('organisations')
        .selectAll()
        .where('external_id', 'in', chunk)
        .execute();
      for (const row of rows) found.set(row.external_id!, toOrganisation(row));
    }
    return found;
  }

  async externalIdsOf(ids: readonly string[]): Promise<Map<string, string | null>> {
    const found = new Map<string, string | null>();
    for (const chunk of chunks(ids)) {
      const rows = await this.db
        .selectFrom('organisations')
        .select(['id', 'external_id'])
        .where('id', 'in', chunk)
        .execute();
      for (const row of rows) found.set(row.id, row.external_id);
    }
    return found;
  }

  async countChildren(id: string): Promise<number> {
    const { n } = await this.db
      .selectFrom('organisations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('parent_id', '=', id)
      .executeTakeFirstOrThrow();
    return Number(n);
  }

  async list(query: OrganisationListQuery, visibility: Visibility) {
    let q = this.db
      .selectFrom('organisations')
      .selectAll()
      .where((eb) => visibleOrganisations(eb, visibility));
    if (query.q) {
      // % and _ in a search are wildcards, which is harmless for a name search.
      const pattern = `%${query.q.toLowerCase()}%`;
      q = q.where((eb) =>
        eb.or([
          eb(eb.fn('lower', ['name_en']), 'like', eb.val(pattern)),
          eb('name_zh', 'like', pattern),
          eb(eb.fn('lower', ['external_id']), 'like', eb.val(pattern)),
        ]),
      );
    }
    if (query.kind) q = q.where('kind', '=', query.kind);
    if (query.sector) q = q.where('sector', '=', query.sector);
    if (query.region) q = q.where('region', '=', query.region);
    if (query.cii !== undefined) q = q.where('cii_designated', '=', query.cii ? 1 : 0);
    if (query.parentId) q = q.where('parent_id', '=', query.parentId);
    const sort = SORTS[query.sort ?? 'name'];
    const page = await paginate(q, {
      column: sort.column,
      idColumn: 'organisations.id',
      descending: sort.descending,
      cursor: query.cursor,
      limit: query.limit ?? 50,
    });
    return { items: page.rows.map(toOrganisation), nextCursor: page.nextCursor };
  }

  async byIds(ids: readonly string[]): Promise<Organisation[]> {
    const found: Organisation[] = [];
    for (const chunk of chunks(ids)) {
      const rows = await this.db
        .selectFrom('organisations')
        .selectAll()
        .where('id', 'in', chunk)
        .execute();
      found.push(...rows.map(toOrganisation));
    }
    return found;
  }

  /** Operators in any of these sectors and regions (an empty list leaves that side open). */
  async operatorsIn(
    sectors: readonly string[],
    regions: readonly string[],
  ): Promise<Organisation[]> {
    if (sectors.length === 0 && regions.length === 0) return [];
    let q = this.db.selectFrom('organisations').selectAll().where('kind', '=', 'operator');
    if (sectors.length) q = q.where('sector', 'in', [...sectors]);
    if (regions.length) q = q.where('region', 'in', [...regions]);
    return (await q.orderBy('id').execute()).map(toOrganisation);
  }

  async byKind(kind: string): Promise<Organisation[]> {
    const rows = await this.db
      .selectFrom('organisations')
      .selectAll()
      .where('kind', '=', kind)
      .orderBy('id')
      .execute();
    return rows.map(toOrganisation);
  }

  /** Every organisation a visibility allows, oldest first, for exports. */
  async all(visibility: Visibility): Promise<Organisation[]> {
    const rows = await this.db
      .selectFrom('organisations')
      .selectAll()
      .where((eb) => visibleOrganisations(eb, visibility))
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toOrganisation);
  }
}
