import { createHash } from 'node:crypto';
import type {
  ImportKind,
  ImportReport,
  Network,
  Organisation,
  RowError,
} from '../contract/registry.js';
import { changedFields } from '../core/audit/diff.js';
import { can, authorize, visibility, type Action, type Actor } from '../core/auth/policy.js';
import { uuidv7 } from '../core/ids.js';
import {
  formatExportFile,
  parseImportFile,
  type ImportRow,
  type ImportValues,
} from '../core/registry/import-rows.js';
import type { Database } from '../storage/database.js';
import { matchAssets } from './matching.js';
import type { NetworkDirectory } from './network-directory.js';
import { inTransaction, repositories, type UnitOfWork } from './unit-of-work.js';

export type FileFormat = 'csv' | 'json';

export interface ImportOptions {
  dryRun?: boolean;
  /** Commit the good rows even when some are bad; otherwise one bad row rejects the file. */
  partial?: boolean;
  /** Recorded on imported networks as `import:NAME`; re-imports never touch `manual` entries. */
  source?: string;
  onProgress?: (done: number, total: number) => void;
}

type Outcome = 'created' | 'updated' | 'unchanged';

/** Raised inside the transaction to roll it back while still answering with the report. */
class RolledBack extends Error {
  constructor(readonly report: ImportReport) {
    super('import rolled back');
  }
}

const PROGRESS_EVERY = 1000;

/** Bulk import and export of the registry, all-or-nothing unless partial, upserting by external id. */
export class ImportService {
  constructor(
    private readonly database: Database,
    private readonly directory: NetworkDirectory,
  ) {}

  async importFile(
    actor: Actor,
    kind: ImportKind,
    format: FileFormat,
    text: string,
    options: ImportOptions = {},
  ): Promise<ImportReport> {
    authorize(actor, 'registry.import');
    const sha256 = createHash('sha256').update(text).digest('hex');
    return this.importRows(actor, kind, parseImportFile(kind, format, text), {
      ...options,
      format,
      sha256,
    });
  }

  /** Imports rows already parsed and checked (a file, or the generated demo constituency). */
  async importRows(
    actor: Actor,
    kind: ImportKind,
    parsed: { rows: ImportRow[]; errors: RowError[]; total: number },
    options: ImportOptions & { format: FileFormat; sha256?: string },
  ): Promise<ImportReport> {
    authorize(actor, 'registry.import');
    const field = (name: string) =>
      options.format === 'csv' ? name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) : `/${name}`;
    const report: ImportReport = {
      kind,
      total: parsed.total,
      created: 0,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      committed: false,
      errors: [...parsed.errors],
    };
    const fileBroken = parsed.errors.some((e) => e.row === 0);
    if (fileBroken) {
      report.rejected = parsed.total;
      return report;
    }
    try {
      await inTransaction(this.database, actor, async (uow) => {
        const importer = new RowImporter(uow, field, `import:${options.source ?? 'bulk'}`);
        await importer.prefetch(kind, parsed.rows);
        let done = parsed.errors.length;
        for (const row of parsed.rows) {
          const outcome = await importer.apply(kind, row);
          if (typeof outcome === 'string') report[outcome]++;
          else report.errors.push(...outcome);
          if (++done % PROGRESS_EVERY === 0) options.onProgress?.(done, parsed.total);
        }
        await importer.finish();
        options.onProgress?.(parsed.total, parsed.total);
        report.errors.sort((a, b) => a.row - b.row);
        report.rejected = new Set(report.errors.map((e) => e.row)).size;
        if (options.dryRun || (report.rejected > 0 && !options.partial))
          throw new RolledBack(report);
        report.committed = true;
        await uow.audit('registry.imported', 'import', uuidv7(), {
          kind,
          format: options.format,
          sha256: options.sha256 ?? null,
          total: report.total,
          created: report.created,
          updated: report.updated,
          unchanged: report.unchanged,
          rejected: report.rejected,
        });
        if (actor.kind === 'user') {
          const user = await uow.repos.users.get(actor.userId);
          const { total, created, updated, unchanged, rejected } = report;
          await uow.notify({
            orgId: actor.orgId,
            userId: actor.userId,
            language: user?.language ?? 'zh-CN',
            template: 'import.committed',
            params: {
              kind,
              total,
              created,
              updated,
              unchanged,
              rejected,
            },
          });
        }
      });
    } catch (error) {
      if (!(error instanceof RolledBack)) throw error;
      return { ...error.report, committed: false };
    }
    if (kind === 'networks' || kind === 'orgs') await this.directory.reload();
    return report;
  }

  async exportFile(actor: Actor, kind: ImportKind, format: FileFormat): Promise<string> {
    authorize(actor, 'registry.export');
    const repos = repositories(this.database.db, this.database.dialect);
    const scope = visibility(actor, 'registry.export');
    switch (kind) {
      case 'orgs': {
        const orgs = await repos.organisations.all(scope);
        const parentIds = [
          ...new Set(orgs.map((o) => o.parentId).filter((id): id is string => id !== null)),
        ];
        const externalIds = await repos.organisations.externalIdsOf(parentIds);
        const records = orgs.map((o) => ({
          ...o,
          parentExternalId: o.parentId ? (externalIds.get(o.parentId) ?? null) : null,
        }));
        return formatExportFile('orgs', format, records);
      }
      case 'contacts':
        return formatExportFile('contacts', format, await repos.contacts.all(scope));
      case 'networks':
        return formatExportFile('networks', format, await repos.networks.all(scope));
      case 'assets':
        return formatExportFile('assets', format, await repos.assets.all(scope));
    }
  }
}

interface OwnedRecord {
  id: string;
  orgId: string;
  createdAt: string;
  updatedAt: string;
}

/** What upsert needs of the contact and asset repositories. */
interface OwnedRepository<F, R extends OwnedRecord> {
  find(orgId: string, fields: F): Promise<R | null>;
  insert(id: string, orgId: string, fields: F, now: string): Promise<R>;
  update(id: string, fields: F, now: string): Promise<void>;
}

/** Creates the record, updates it when a field differs, or leaves it be. */
async function upsert<F extends object, R extends OwnedRecord>(
  repo: OwnedRepository<F, R>,
  orgId: string,
  fields: F,
  now: string,
): Promise<{ outcome: Outcome; id: string }> {
  const existing = await repo.find(orgId, fields);
  if (!existing) {
    const id = uuidv7();
    await repo.insert(id, orgId, fields, now);
    return { outcome: 'created', id };
  }
  const { id, orgId: _o, createdAt: _c, updatedAt: _u, ...current } = existing;
  if (Object.keys(changedFields(current, fields)).length === 0) return { outcome: 'unchanged', id };
  await repo.update(id, fields, now);
  return { outcome: 'updated', id };
}

/** Applies rows one by one inside the import's transaction, with lookups batched up front. */
class RowImporter {
  private readonly orgs = new Map<string, Organisation>();
  private readonly networks = new Map<string, Network>();
  private pendingNetworks: Network[] = [];
  private networksChanged = false;
  /** Created or updated assets, matched against the advisories when the import finishes. */
  private readonly changedAssets: string[] = [];

  constructor(
    private readonly uow: UnitOfWork,
    private readonly field: (name: string) => string,
    private readonly source: string,
  ) {}

  async prefetch(kind: ImportKind, rows: readonly ImportRow[]): Promise<void> {
    const refs = new Set<string>();
    const values: { type: Network['type']; value: string }[] = [];
    for (const { value } of rows) {
      if ('orgExternalId' in value) refs.add(value.orgExternalId);
      if ('parentExternalId' in value && value.parentExternalId) refs.add(value.parentExternalId);
      if (kind === 'orgs' && 'externalId' in value && value.externalId) refs.add(value.externalId);
      if (kind === 'networks' && 'type' in value)
        values.push({ type: value.type, value: value.value });
    }
    for (const [externalId, org] of await this.uow.repos.organisations.byExternalIds([...refs]))
      this.orgs.set(externalId, org);
    for (const [key, network] of await this.uow.repos.networks.byValues(values))
      this.networks.set(key, network);
  }

  async apply(kind: ImportKind, row: ImportRow): Promise<Outcome | RowError[]> {
    const fail = (name: string, reason: string): RowError[] => [
      { row: row.row, field: this.field(name), reason },
    ];
    if (kind === 'orgs') return this.organisation((row as ImportRow<'orgs'>).value, fail);
    const { orgExternalId, ...fields } = (row as ImportRow<'contacts' | 'assets' | 'networks'>)
      .value;
    const org = this.orgs.get(orgExternalId);
    if (!org) return fail('orgExternalId', `no organisation has external id ${orgExternalId}`);
    const action: Action =
      kind === 'contacts' ? 'contact.write' : kind === 'assets' ? 'asset.write' : 'network.write';
    if (!can(this.uow.actor, action, org))
      return fail('orgExternalId', 'is outside what you may manage');
    switch (kind) {
      case 'contacts': {
        const contact = await upsert(
          this.uow.repos.contacts,
          org.id,
          fields as ImportValues['contacts'],
          this.uow.now,
        );
        return contact.outcome;
      }
      case 'assets': {
        const asset = await upsert(
          this.uow.repos.assets,
          org.id,
          fields as ImportValues['assets'],
          this.uow.now,
        );
        if (asset.outcome !== 'unchanged') this.changedAssets.push(asset.id);
        return asset.outcome;
      }
      case 'networks':
        return this.network(org, fields as Omit<ImportValues['networks'], 'orgExternalId'>, fail);
    }
  }

  private async organisation(
    value: ImportValues['orgs'],
    fail: (name: string, reason: string) => RowError[],
  ): Promise<Outcome | RowError[]> {
    const { parentExternalId, ...fields } = value;
    const parent = parentExternalId ? this.orgs.get(parentExternalId) : null;
    if (parent === undefined) {
      return fail(
        'parentExternalId',
        `no organisation has external id ${parentExternalId} (a parent must come earlier in the file or already exist)`,
      );
    }
    const input = { ...fields, parentId: parent?.id ?? null };
    const existing = this.orgs.get(input.externalId);
    const id = existing?.id ?? uuidv7();
    const target = { id, parentId: input.parentId, sector: input.sector, region: input.region };
    // Both the organisation as it is and as the row would make it must be the actor's to manage.
    const allowed = existing
      ? can(this.uow.actor, 'org.update', existing) && can(this.uow.actor, 'org.update', target)
      : can(this.uow.actor, 'org.create', target);
    if (!allowed) return fail('externalId', 'is outside what you may manage');
    if (!existing) {
      this.orgs.set(
        input.externalId,
        await this.uow.repos.organisations.insert(id, input, this.uow.now),
      );
      return 'created';
    }
    const { id: _i, createdAt: _c, updatedAt: _u, ...current } = existing;
    if (Object.keys(changedFields(current, input)).length === 0) return 'unchanged';
    await this.uow.repos.organisations.update(id, input, this.uow.now);
    this.orgs.set(input.externalId, { ...existing, ...input, updatedAt: this.uow.now });
    return 'updated';
  }

  private async network(
    org: Organisation,
    input: Omit<ImportValues['networks'], 'orgExternalId'>,
    fail: (name: string, reason: string) => RowError[],
  ): Promise<Outcome | RowError[]> {
    const key = `${input.type}:${input.value}`;
    const existing = this.networks.get(key);
    if (!existing) {
      const network: Network = {
        id: uuidv7(),
        orgId: org.id,
        ...input,
        source: this.source,
        createdAt: this.uow.now,
      };
      this.networks.set(key, network);
      this.pendingNetworks.push(network);
      this.networksChanged = true;
      if (this.pendingNetworks.length >= 1000) await this.flush();
      return 'created';
    }
    if (existing.orgId === org.id && existing.note === input.note) return 'unchanged';
    if (existing.source === 'manual') {
      return fail(
        'value',
        `${input.value} was registered by hand to another organisation and is not overwritten by imports`,
      );
    }
    if (existing.createdAt === this.uow.now)
      return fail('value', `${input.value} appears twice in this file`);
    await this.uow.repos.networks.reassign(existing.id, org.id, input.note);
    this.networks.set(key, { ...existing, orgId: org.id, note: input.note });
    this.networksChanged = true;
    return 'updated';
  }

  /** Writes the buffered network rows. */
  private async flush(): Promise<void> {
    await this.uow.repos.networks.insertMany(this.pendingNetworks);
    this.pendingNetworks = [];
  }

  /** Writes what is buffered and, when any network changed, bumps the index version. */
  async finish(): Promise<void> {
    await this.flush();
    if (this.networksChanged) await this.uow.repos.networks.bumpVersion();
    if (this.changedAssets.length)
      await matchAssets(this.uow.repos, this.changedAssets, this.uow.now);
  }
}
