import type {
  Advisory,
  AdvisoryMatch,
  AdvisoryRevision,
  AdvisorySourceView,
  PullResult,
  Sbom,
  SbomComponent,
} from '../../contract/advisories.js';
import type { InventoryItem } from '../../core/advisories/match.js';
import type { NormalisedAdvisory } from '../../core/advisories/model.js';
import type { Visibility } from '../../core/auth/policy.js';
import { chunks } from '../chunks.js';
import type { Db } from '../database.js';
import { fromJson, toJson } from '../json.js';
import { paginate } from '../pagination.js';
import type { AdvisoriesTable, AdvisorySourcesTable, SbomsTable } from '../schema.js';
import { visibleOrganisations } from './organisation.repository.js';

/** One stored match: an advisory product found in an asset or one of its SBOM components. */
export interface MatchRow {
  advisoryId: string;
  assetId: string;
  componentId: string;
  orgId: string;
  productRef: string;
  status: string;
  confidence: string;
  reason: string;
}

/** An inventory item with where it lives, as matching reads it. */
export interface StoredItem extends InventoryItem {
  assetId: string;
  componentId: string;
  orgId: string;
}

export interface StoredAdvisory extends Advisory {
  content: NormalisedAdvisory;
}

function toAdvisory(row: AdvisoriesTable): StoredAdvisory {
  return {
    id: row.id,
    source: row.source as Advisory['source'],
    sourceId: row.source_id,
    revision: row.revision,
    title: row.title,
    severity: row.severity as Advisory['severity'],
    cvss: row.cvss,
    cves: fromJson<string[]>(row.cves),
    publisher: row.publisher,
    publishedAt: row.published_at,
    sourceUpdatedAt: row.source_updated_at,
    kevDueDate: row.kev_due_date,
    published: row.published === 1,
    matchCount: row.match_count,
    orgCount: row.org_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    content: fromJson<NormalisedAdvisory>(row.content),
  };
}

function toSource(row: AdvisorySourcesTable): AdvisorySourceView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as AdvisorySourceView['kind'],
    url: row.url,
    everyMinutes: row.every_minutes,
    allowPrivate: row.allow_private === 1,
    nextPullAt: row.next_pull_at,
    lastPulledAt: row.last_pulled_at,
    lastResult: row.last_result === null ? null : fromJson<PullResult>(row.last_result),
    createdAt: row.created_at,
  };
}

function toSbom(row: SbomsTable): Sbom {
  return {
    id: row.id,
    orgId: row.org_id,
    assetId: row.asset_id,
    format: row.format as Sbom['format'],
    specVersion: row.spec_version,
    name: row.name,
    fileName: row.file_name,
    componentCount: row.component_count,
    uploadedBy: row.uploaded_by,
    uploadedAt: row.uploaded_at,
  };
}

/** The columns an advisory's normalised content fills. */
function contentColumns(a: NormalisedAdvisory) {
  return {
    source: a.source,
    source_id: a.sourceId,
    revision: a.revision,
    title: a.title,
    severity: a.severity,
    cvss: a.cvss,
    cves: toJson(a.cves),
    publisher: a.publisher,
    published_at: a.publishedAt,
    source_updated_at: a.updatedAt,
    kev_due_date: a.kev?.dueDate ?? null,
    content: toJson(a),
  };
}

/** Advisories with their history and match keys, SBOMs, the inventory they match, and pull sources. */
export class AdvisoryRepository {
  constructor(private readonly db: Db) {}

  /** Inserts new advisories, many rows per statement (a KEV import brings 1,404). */
  async insert(
    rows: readonly {
      id: string;
      advisory: NormalisedAdvisory;
      document: unknown;
      published: boolean;
    }[],
    now: string,
  ) {
    for (const part of chunks(rows, 100)) {
      await this.db
        .insertInto('advisories')
        .values(
          part.map((r) => ({
            id: r.id,
            ...contentColumns(r.advisory),
            document: r.document === null ? null : toJson(r.document),
            published: r.published ? (1 as const) : (0 as const),
            match_count: 0,
            org_count: 0,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
    }
  }

  async update(id: string, advisory: NormalisedAdvisory, document: unknown, now: string) {
    await this.db
      .updateTable('advisories')
      .set({
        ...contentColumns(advisory),
        document: document === null ? null : toJson(document),
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
  }

  async setPublished(id: string, published: boolean, now: string) {
    await this.db
      .updateTable('advisories')
      .set({ published: published ? 1 : 0, updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  async get(id: string): Promise<StoredAdvisory | null> {
    const row = await this.db
      .selectFrom('advisories')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toAdvisory(row) : null;
  }

  /** The stored advisories for these (source, source id) pairs, by `source/sourceId`. */
  async bySourceIds(
    source: string,
    sourceIds: readonly string[],
  ): Promise<Map<string, StoredAdvisory>> {
    const found = new Map<string, StoredAdvisory>();
    for (const part of chunks(sourceIds)) {
      const rows = await this.db
        .selectFrom('advisories')
        .selectAll()
        .where('source', '=', source)
        .where('source_id', 'in', part)
        .execute();
      for (const row of rows) found.set(row.source_id, toAdvisory(row));
    }
    return found;
  }

  /** How many of Fenghuo's own advisories were numbered in a year. */
  async countOwn(year: string): Promise<number> {
    const row = await this.db
      .selectFrom('advisories')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('source', '=', 'fenghuo')
      .where('source_id', 'like', `FENGHUO-${year}-%`)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** How many matches each of these advisories has. */
  async matchCounts(ids: readonly string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const part of chunks(ids)) {
      const rows = await this.db
        .selectFrom('advisories')
        .select(['id', 'match_count'])
        .where('id', 'in', part)
        .execute();
      for (const row of rows) counts.set(row.id, row.match_count);
    }
    return counts;
  }

  async byIds(ids: readonly string[]): Promise<StoredAdvisory[]> {
    const found: StoredAdvisory[] = [];
    for (const part of chunks(ids)) {
      const rows = await this.db
        .selectFrom('advisories')
        .selectAll()
        .where('id', 'in', part)
        .execute();
      found.push(...rows.map(toAdvisory));
    }
    return found;
  }

  async list(query: {
    q?: string;
    source?: string;
    matched?: boolean;
    publishedOnly?: boolean;
    cursor?: string;
    limit: number;
  }) {
    let q = this.db.selectFrom('advisories').selectAll();
    if (query.source) q = q.where('source', '=', query.source);
    if (query.matched) q = q.where('match_count', '>', 0);
    if (query.publishedOnly) q = q.where('published', '=', 1);
    if (query.q) {
      const text = `%${query.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where((eb) =>
        eb.or([
          eb(eb.fn('lower', ['title']), 'like', text),
          eb(eb.fn('lower', ['source_id']), 'like', text),
          eb(eb.fn('lower', [eb.cast('cves', 'text')]), 'like', text),
        ]),
      );
    }
    const page = await paginate(q, {
      column: 'updated_at',
      idColumn: 'id',
      descending: true,
      cursor: query.cursor,
      limit: query.limit,
    });
    return {
      items: page.rows.map((row) => {
        const { content: _content, ...advisory } = toAdvisory(row);
        return advisory;
      }),
      nextCursor: page.nextCursor,
    };
  }

  /** Published advisories of a source, newest first, for the CSAF provider. */
  async published(source: string): Promise<StoredAdvisory[]> {
    const rows = await this.db
      .selectFrom('advisories')
      .selectAll()
      .where('source', '=', source)
      .where('published', '=', 1)
      .orderBy('updated_at', 'desc')
      .execute();
    return rows.map(toAdvisory);
  }

  async addRevisions(
    revisions: readonly {
      id: string;
      advisoryId: string;
      revision: string;
      sha256: string;
      origin: string;
      changes: string[];
      content: NormalisedAdvisory;
      document: unknown;
      importedBy: string;
      importedAt: string;
    }[],
  ) {
    for (const part of chunks(revisions, 100)) {
      await this.db
        .insertInto('advisory_revisions')
        .values(
          part.map((r) => ({
            id: r.id,
            advisory_id: r.advisoryId,
            revision: r.revision,
            sha256: r.sha256,
            origin: r.origin,
            changes: toJson(r.changes),
            content: toJson(r.content),
            document: r.document === null ? null : toJson(r.document),
            imported_by: r.importedBy,
            imported_at: r.importedAt,
          })),
        )
        .execute();
    }
  }

  async revisions(advisoryId: string): Promise<AdvisoryRevision[]> {
    const rows = await this.db
      .selectFrom('advisory_revisions')
      .select(['id', 'revision', 'sha256', 'origin', 'changes', 'imported_by', 'imported_at'])
      .where('advisory_id', '=', advisoryId)
      .orderBy('imported_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      revision: row.revision,
      sha256: row.sha256,
      origin: row.origin,
      changes: fromJson<string[]>(row.changes),
      importedBy: row.imported_by,
      importedAt: row.imported_at,
    }));
  }

  /** The latest revision's hash of each advisory: a re-import of the same bytes changes nothing. */
  async latestHashes(advisoryIds: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (const part of chunks(advisoryIds)) {
      const rows = await this.db
        .selectFrom('advisory_revisions')
        .select(['advisory_id', 'sha256', 'imported_at', 'id'])
        .where('advisory_id', 'in', part)
        .orderBy('imported_at')
        .orderBy('id')
        .execute();
      for (const row of rows) found.set(row.advisory_id, row.sha256);
    }
    return found;
  }

  /** Replaces the match keys of these advisories. */
  async setKeys(entries: readonly { advisoryId: string; keys: readonly string[] }[]) {
    for (const part of chunks(entries.map((e) => e.advisoryId))) {
      await this.db.deleteFrom('advisory_keys').where('advisory_id', 'in', part).execute();
    }
    const rows = entries.flatMap((e) =>
      e.keys.map((match_key) => ({ advisory_id: e.advisoryId, match_key })),
    );
    for (const part of chunks(rows))
      await this.db.insertInto('advisory_keys').values(part).execute();
  }

  /** Advisories with a product under any of these keys. */
  async advisoriesWithKeys(keys: readonly string[]): Promise<string[]> {
    const ids = new Set<string>();
    for (const part of chunks(keys)) {
      const rows = await this.db
        .selectFrom('advisory_keys')
        .select('advisory_id')
        .distinct()
        .where('match_key', 'in', part)
        .execute();
      for (const row of rows) ids.add(row.advisory_id);
    }
    return [...ids];
  }

  /** Assets and SBOM components stored under any of these keys (`p:` product, `u:` purl). */
  async itemsWithKeys(keys: readonly string[]): Promise<StoredItem[]> {
    const productKeys = keys.filter((k) => k.startsWith('p:')).map((k) => k.slice(2));
    const purlKeys = keys.filter((k) => k.startsWith('u:')).map((k) => k.slice(2));
    const items = [
      ...(await this.items('product_key', 'product_key', productKeys)),
      ...(await this.items('purl_key', 'purl_key', purlKeys)),
    ];
    // An item stored under both a product and a purl key is found twice: keep one.
    const seen = new Set<string>();
    return items.filter((i) => {
      const key = `${i.assetId}/${i.componentId}`;
      return !seen.has(key) && seen.add(key);
    });
  }

  /** Every inventory item of these assets: the assets themselves and their SBOM components. */
  async itemsOfAssets(assetIds: readonly string[]): Promise<StoredItem[]> {
    return this.items('id', 'asset_id', assetIds);
  }

  /** Assets whose `assetColumn`, and components whose `componentColumn`, is one of `values`. */
  private async items(
    assetColumn: 'id' | 'product_key' | 'purl_key',
    componentColumn: 'asset_id' | 'product_key' | 'purl_key',
    values: readonly string[],
  ): Promise<StoredItem[]> {
    const items: StoredItem[] = [];
    const columns = [
      'org_id',
      'vendor',
      'version',
      'cpe',
      'purl',
      'product_key',
      'purl_key',
    ] as const;
    for (const part of chunks(values)) {
      const assets = await this.db
        .selectFrom('assets')
        .select(['id', 'product', ...columns])
        .where(assetColumn, 'in', part)
        .execute();
      for (const a of assets) items.push(itemOf(a.id, '', a));
      const components = await this.db
        .selectFrom('sbom_components')
        .select(['id', 'asset_id', 'name as product', ...columns])
        .where(componentColumn, 'in', part)
        .execute();
      for (const c of components) items.push(itemOf(c.asset_id, c.id, c));
    }
    return items;
  }

  async matchesOfAdvisories(advisoryIds: readonly string[]): Promise<MatchRow[]> {
    return this.matchesWhere('advisory_id', advisoryIds);
  }

  async matchesOfAssets(assetIds: readonly string[]): Promise<MatchRow[]> {
    return this.matchesWhere('asset_id', assetIds);
  }

  private async matchesWhere(column: 'advisory_id' | 'asset_id', values: readonly string[]) {
    const rows: MatchRow[] = [];
    for (const part of chunks(values)) {
      const found = await this.db
        .selectFrom('advisory_matches')
        .selectAll()
        .where(column, 'in', part)
        .execute();
      rows.push(...found.map(toMatchRow));
    }
    return rows;
  }

  /** The advisories an organisation's inventory matches. */
  async advisoriesMatching(orgId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('advisory_matches')
      .select('advisory_id')
      .distinct()
      .where('org_id', '=', orgId)
      .execute();
    return rows.map((r) => r.advisory_id);
  }

  async insertMatches(rows: readonly MatchRow[], now: string) {
    for (const part of chunks(rows, 300)) {
      await this.db
        .insertInto('advisory_matches')
        .values(
          part.map((m) => ({
            advisory_id: m.advisoryId,
            asset_id: m.assetId,
            component_id: m.componentId,
            org_id: m.orgId,
            product_ref: m.productRef,
            status: m.status,
            confidence: m.confidence,
            reason: m.reason,
            matched_at: now,
          })),
        )
        .execute();
    }
  }

  async updateMatch(m: MatchRow, now: string) {
    await this.db
      .updateTable('advisory_matches')
      .set({
        product_ref: m.productRef,
        status: m.status,
        confidence: m.confidence,
        reason: m.reason,
        matched_at: now,
      })
      .where('advisory_id', '=', m.advisoryId)
      .where('asset_id', '=', m.assetId)
      .where('component_id', '=', m.componentId)
      .execute();
  }

  async deleteMatches(rows: readonly MatchRow[]) {
    for (const m of rows) {
      await this.db
        .deleteFrom('advisory_matches')
        .where('advisory_id', '=', m.advisoryId)
        .where('asset_id', '=', m.assetId)
        .where('component_id', '=', m.componentId)
        .execute();
    }
  }

  /** Recounts matches and matched organisations on these advisories, one statement per chunk. */
  async recount(advisoryIds: readonly string[]) {
    for (const part of chunks(advisoryIds)) {
      await this.db
        .updateTable('advisories')
        .set((eb) => ({
          match_count: eb
            .selectFrom('advisory_matches as m')
            .select(eb.fn.countAll<number>().as('n'))
            .whereRef('m.advisory_id', '=', 'advisories.id'),
          org_count: eb
            .selectFrom('advisory_matches as m')
            .select((inner) => inner.fn.count<number>('m.org_id').distinct().as('n'))
            .whereRef('m.advisory_id', '=', 'advisories.id'),
        }))
        .where('id', 'in', part)
        .execute();
    }
  }

  /** The matches of an advisory with their organisation and asset, within what the reader may see. */
  async matches(
    advisoryId: string,
    visibility: Visibility,
    orgId?: string,
  ): Promise<AdvisoryMatch[]> {
    let q = this.db
      .selectFrom('advisory_matches as m')
      .innerJoin('organisations', 'organisations.id', 'm.org_id')
      .innerJoin('assets as a', 'a.id', 'm.asset_id')
      .leftJoin('sbom_components as c', 'c.id', 'm.component_id')
      .where('m.advisory_id', '=', advisoryId)
      .where((eb) => visibleOrganisations(eb as never, visibility))
      .select([
        'm.advisory_id',
        'm.org_id',
        'm.asset_id',
        'm.component_id',
        'm.product_ref',
        'm.status',
        'm.confidence',
        'm.reason',
        'm.matched_at',
        'organisations.name_zh',
        'organisations.name_en',
        'organisations.sector',
        'organisations.region',
        'a.name as asset_name',
        'a.version as asset_version',
        'c.name as component_name',
        'c.version as component_version',
      ])
      .orderBy('organisations.name_en')
      .orderBy('a.name');
    if (orgId) q = q.where('m.org_id', '=', orgId);
    const rows = await q.execute();
    return rows.map((r) => ({
      advisoryId: r.advisory_id,
      orgId: r.org_id,
      orgNameZh: r.name_zh,
      orgNameEn: r.name_en,
      sector: r.sector,
      region: r.region,
      assetId: r.asset_id,
      assetName: r.asset_name,
      componentId: r.component_id || null,
      componentName: r.component_name ?? null,
      version: r.component_id ? (r.component_version ?? null) : r.asset_version,
      productRef: r.product_ref,
      status: r.status,
      confidence: r.confidence as AdvisoryMatch['confidence'],
      reason: r.reason,
      matchedAt: r.matched_at,
    }));
  }

  /** Matched assets per organisation for an advisory. */
  async matchedOrgs(advisoryId: string): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('advisory_matches')
      .select((eb) => ['org_id', eb.fn.count<number>('asset_id').distinct().as('assets')])
      .where('advisory_id', '=', advisoryId)
      .groupBy('org_id')
      .execute();
    return new Map(rows.map((r) => [r.org_id, Number(r.assets)]));
  }

  // --- SBOMs

  async insertSbom(
    sbom: Sbom,
    components: readonly (SbomComponent & { productKey: string | null; purlKey: string | null })[],
  ) {
    await this.db
      .insertInto('sboms')
      .values({
        id: sbom.id,
        org_id: sbom.orgId,
        asset_id: sbom.assetId,
        format: sbom.format,
        spec_version: sbom.specVersion,
        name: sbom.name,
        file_name: sbom.fileName,
        component_count: sbom.componentCount,
        uploaded_by: sbom.uploadedBy,
        uploaded_at: sbom.uploadedAt,
      })
      .execute();
    for (const part of chunks(components, 200)) {
      await this.db
        .insertInto('sbom_components')
        .values(
          part.map((c) => ({
            id: c.id,
            sbom_id: sbom.id,
            org_id: sbom.orgId,
            asset_id: sbom.assetId,
            name: c.name,
            version: c.version,
            vendor: c.vendor,
            purl: c.purl,
            cpe: c.cpe,
            product_key: c.productKey,
            purl_key: c.purlKey,
          })),
        )
        .execute();
    }
  }

  async sbom(id: string): Promise<Sbom | null> {
    const row = await this.db
      .selectFrom('sboms')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toSbom(row) : null;
  }

  async sbomsOfAsset(assetId: string): Promise<Sbom[]> {
    const rows = await this.db
      .selectFrom('sboms')
      .selectAll()
      .where('asset_id', '=', assetId)
      .orderBy('uploaded_at', 'desc')
      .execute();
    return rows.map(toSbom);
  }

  async components(sbomId: string): Promise<SbomComponent[]> {
    return this.db
      .selectFrom('sbom_components')
      .select(['id', 'name', 'version', 'vendor', 'purl', 'cpe'])
      .where('sbom_id', '=', sbomId)
      .orderBy('name')
      .execute();
  }

  async deleteSbom(id: string) {
    await this.db
      .deleteFrom('advisory_matches')
      .where(
        'component_id',
        'in',
        this.db.selectFrom('sbom_components').select('id').where('sbom_id', '=', id),
      )
      .execute();
    await this.db.deleteFrom('sboms').where('id', '=', id).execute();
  }

  // --- Sources pulled on a schedule

  async insertSource(s: AdvisorySourceView) {
    await this.db
      .insertInto('advisory_sources')
      .values({
        id: s.id,
        name: s.name,
        kind: s.kind,
        url: s.url,
        every_minutes: s.everyMinutes,
        allow_private: s.allowPrivate ? 1 : 0,
        next_pull_at: s.nextPullAt,
        last_pulled_at: null,
        last_result: null,
        seen: toJson({}),
        created_at: s.createdAt,
      })
      .execute();
  }

  async updateSource(s: AdvisorySourceView) {
    await this.db
      .updateTable('advisory_sources')
      .set({
        name: s.name,
        kind: s.kind,
        url: s.url,
        every_minutes: s.everyMinutes,
        allow_private: s.allowPrivate ? 1 : 0,
        next_pull_at: s.nextPullAt,
      })
      .where('id', '=', s.id)
      .execute();
  }

  async deleteSource(id: string) {
    await this.db.deleteFrom('advisory_sources').where('id', '=', id).execute();
  }

  async source(id: string): Promise<AdvisorySourceView | null> {
    const row = await this.db
      .selectFrom('advisory_sources')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toSource(row) : null;
  }

  async sources(): Promise<AdvisorySourceView[]> {
    const rows = await this.db.selectFrom('advisory_sources').selectAll().orderBy('name').execute();
    return rows.map(toSource);
  }

  async dueSources(now: string): Promise<AdvisorySourceView[]> {
    const rows = await this.db
      .selectFrom('advisory_sources')
      .selectAll()
      .where('next_pull_at', '<=', now)
      .orderBy('next_pull_at')
      .execute();
    return rows.map(toSource);
  }

  async seen(id: string): Promise<Record<string, string>> {
    const row = await this.db
      .selectFrom('advisory_sources')
      .select('seen')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return fromJson<Record<string, string>>(row.seen);
  }

  async finishPull(
    id: string,
    result: PullResult,
    seen: Record<string, string>,
    now: string,
    nextPullAt: string,
  ) {
    await this.db
      .updateTable('advisory_sources')
      .set({
        last_pulled_at: now,
        last_result: toJson(result),
        seen: toJson(seen),
        next_pull_at: nextPullAt,
      })
      .where('id', '=', id)
      .execute();
  }
}

type ItemColumns = {
  org_id: string;
  vendor: string | null;
  product: string | null;
  version: string | null;
  cpe: string | null;
  purl: string | null;
  product_key: string | null;
  purl_key: string | null;
};

function itemOf(assetId: string, componentId: string, row: ItemColumns): StoredItem {
  return {
    assetId,
    componentId,
    orgId: row.org_id,
    vendor: row.vendor,
    product: row.product,
    version: row.version,
    cpe: row.cpe,
    purl: row.purl,
    productKey: row.product_key,
    purlKey: row.purl_key,
  };
}

function toMatchRow(row: {
  advisory_id: string;
  asset_id: string;
  component_id: string;
  org_id: string;
  product_ref: string;
  status: string;
  confidence: string;
  reason: string;
}): MatchRow {
  return {
    advisoryId: row.advisory_id,
    assetId: row.asset_id,
    componentId: row.component_id,
    orgId: row.org_id,
    productRef: row.product_ref,
    status: row.status,
    confidence: row.confidence,
    reason: row.reason,
  };
}
