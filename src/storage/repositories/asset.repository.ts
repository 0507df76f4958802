import type { Asset, AssetInput } from '../../contract/registry.js';
import { inventoryKeys } from '../../core/advisories/match.js';
import type { Visibility } from '../../core/auth/policy.js';
import type { Db } from '../database.js';
import { paginate } from '../pagination.js';
import { visibleOrganisations } from './organisation.repository.js';
import type { AssetsTable } from '../schema.js';

type Fields = Required<AssetInput>;

function toAsset(row: AssetsTable): Asset {
  return {
    id: row.id,
    orgId: row.org_id,
    externalId: row.external_id,
    kind: row.kind as Asset['kind'],
    name: row.name,
    vendor: row.vendor,
    product: row.product,
    version: row.version,
    cpe: row.cpe,
    purl: row.purl,
    mlpsLevel: row.mlps_level,
    cii: row.cii === 1,
    internetFacing: row.internet_facing === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The columns of an asset, with the match keys advisories find it by. */
function toColumns(f: Fields) {
  const keys = inventoryKeys(f);
  return {
    product_key: keys.productKey,
    purl_key: keys.purlKey,
    external_id: f.externalId,
    kind: f.kind,
    name: f.name,
    vendor: f.vendor,
    product: f.product,
    version: f.version,
    cpe: f.cpe,
    purl: f.purl,
    mlps_level: f.mlpsLevel,
    cii: f.cii ? 1 : 0,
    internet_facing: f.internetFacing ? 1 : 0,
  } as const;
}

export class AssetRepository {
  constructor(private readonly db: Db) {}

  async insert(id: string, orgId: string, fields: Fields, now: string): Promise<Asset> {
    const row: AssetsTable = {
      id,
      org_id: orgId,
      ...toColumns(fields),
      created_at: now,
      updated_at: now,
    };
    await this.db.insertInto('assets').values(row).execute();
    return toAsset(row);
  }

  async update(id: string, fields: Fields, now: string): Promise<void> {
    await this.db
      .updateTable('assets')
      .set({ ...toColumns(fields), updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('assets').where('id', '=', id).execute();
  }

  async get(id: string): Promise<Asset | null> {
    const row = await this.db
      .selectFrom('assets')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toAsset(row) : null;
  }

  /** The asset a row means: by its external id, or else by name within the organisation. */
  async find(orgId: string, fields: Pick<Fields, 'externalId' | 'name'>): Promise<Asset | null> {
    let q = this.db.selectFrom('assets').selectAll().where('org_id', '=', orgId);
    q = fields.externalId
      ? q.where('external_id', '=', fields.externalId)
      : q.where('name', '=', fields.name);
    const row = await q.executeTakeFirst();
    return row ? toAsset(row) : null;
  }

  async list(orgId: string, cursor: string | undefined, limit: number) {
    const q = this.db.selectFrom('assets').selectAll().where('org_id', '=', orgId);
    const page = await paginate(q, {
      column: 'name',
      idColumn: 'id',
      descending: false,
      cursor,
      limit,
    });
    return { items: page.rows.map(toAsset), nextCursor: page.nextCursor };
  }

  /** Every entry of the organisations a visibility allows, for exports. */
  async all(visibility: Visibility) {
    const rows = await this.db
      .selectFrom('assets')
      .innerJoin('organisations', 'organisations.id', 'assets.org_id')
      .where((eb) => visibleOrganisations(eb, visibility))
      .selectAll('assets')
      .select('organisations.external_id as org_external_id')
      .orderBy('assets.org_id')
      .orderBy('assets.id')
      .execute();
    return rows.map((row) => ({ ...toAsset(row), orgExternalId: row.org_external_id }));
  }
}
