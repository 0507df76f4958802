import { createHash } from 'node:crypto';
import type {
  Advisory,
  AdvisoryDetail,
  AdvisoryImportResult,
  AdvisoryInput,
  AdvisoryListQuery,
  AdvisoryMatch,
  AdvisoryRevision,
} from '../contract/advisories.js';
import type { Page } from '../contract/common.js';
import { parseCpe } from '../core/advisories/cpe.js';
import {
  csafFileName,
  toCsaf,
  type CsafDocument,
  type CsafPublisher,
} from '../core/advisories/csaf-export.js';
import { providerMetadata, rolieFeed } from '../core/advisories/csaf-provider.js';
import { normaliseCsaf, validateCsaf } from '../core/advisories/csaf.js';
import { normaliseCve } from '../core/advisories/cve.js';
import { normaliseKev } from '../core/advisories/kev.js';
import { purlKey } from '../core/advisories/match.js';
import type {
  AffectedProduct,
  NormalisedAdvisory,
  VersionCriterion,
} from '../core/advisories/model.js';
import { fromNativeRange } from '../core/advisories/native-range.js';
import { describeChanges, describeVersions, revisionOrder } from '../core/advisories/revision.js';
import { parseVersLenient } from '../core/advisories/vers.js';
import { authorize, can, visibility, type Actor } from '../core/auth/policy.js';
import { DomainError, notFound, validationError, type FieldError } from '../core/errors.js';
import { uuidv7 } from '../core/ids.js';
import type { Database } from '../storage/database.js';
import type { StoredAdvisory } from '../storage/repositories/advisory.repository.js';
import { matchAdvisories } from './matching.js';
import { inTransaction, repositories, type UnitOfWork } from './unit-of-work.js';

export type AdvisoryFormat = AdvisoryImportResult['format'];
export type AdvisoryFile = Awaited<ReturnType<typeof readAdvisoryFile>>;

/** Which of the three formats a parsed JSON document is. */
export function detectFormat(document: unknown): AdvisoryFormat {
  const doc = (typeof document === 'object' && document !== null ? document : {}) as Record<
    string,
    unknown
  >;
  const inner = (doc.document ?? {}) as Record<string, unknown>;
  if (typeof inner.csaf_version === 'string') return 'csaf';
  if (doc.dataType === 'CVE_RECORD') return 'cve';
  if (typeof doc.catalogVersion === 'string' && Array.isArray(doc.vulnerabilities)) return 'kev';
  throw validationError(
    [
      {
        field: '/',
        reason: 'is not a CSAF 2.0 document, a CVE JSON 5 record or the KEV catalogue',
      },
    ],
    'The file is not an advisory format Fenghuo reads',
  );
}

/** A validator result as a refusal, each failing test named as the CSAF specification numbers it. */
function csafRefusal(failures: { test: string; message: string; path: string }[], message: string) {
  const name = (test: string) =>
    test.replace(
      /^(mandatory|optional|informative)Test_([\d_]+)$/,
      (_, kind: string, n: string) => `${kind} test ${n.replaceAll('_', '.')}`,
    );
  return validationError(
    failures.map((f) => ({ field: f.path || '/', reason: `${name(f.test)}: ${f.message}` })),
    message,
  );
}

/** Parses, validates and normalises an advisory file; an invalid CSAF document lists its failing tests. */
export async function readAdvisoryFile(
  text: string,
): Promise<{ format: AdvisoryFormat; advisories: NormalisedAdvisory[]; document: unknown }> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw validationError(
      [{ field: '/', reason: `is not JSON: ${(error as Error).message}` }],
      'The file is not JSON',
    );
  }
  const format = detectFormat(document);
  switch (format) {
    case 'csaf': {
      const result = await validateCsaf(document);
      if (!result.valid) {
        throw csafRefusal(
          result.failures,
          `The CSAF document fails ${new Set(result.failures.map((f) => f.test)).size} validator test(s)`,
        );
      }
      return { format, advisories: [normaliseCsaf(document)], document };
    }
    case 'cve':
      return { format, advisories: [normaliseCve(document)], document };
    case 'kev':
      return { format, advisories: normaliseKev(document).advisories, document: null };
  }
}

const sha256 = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

function view(a: StoredAdvisory): AdvisoryDetail {
  const { content, ...advisory } = a;
  return {
    ...advisory,
    summary: content.summary,
    tlp: content.tlp,
    products: content.products.map((p) => ({
      ref: p.ref,
      name: p.name,
      vendor: p.vendor,
      product: p.product,
      cpe: p.cpe,
      purl: p.purl,
      status: p.status,
      cves: p.cves,
      versions: describeVersions(p.versions),
    })),
    remediations: content.remediations,
    references: content.references,
    kev: content.kev,
  };
}

/** The version criterion an editor typed: empty for all, a vers range, or a plain one (`<= 5.8.4`). */
function editorVersions(
  text: string | null | undefined,
  field: string,
  errors: FieldError[],
): VersionCriterion {
  const trimmed = text?.trim() ?? '';
  if (!trimmed || trimmed === '*') return { kind: 'all' };
  if (trimmed.startsWith('vers:')) {
    try {
      const { scheme, constraints } = parseVersLenient(trimmed);
      return constraints.length ? { kind: 'vers', scheme, constraints } : { kind: 'all' };
    } catch (error) {
      const reason =
        error instanceof DomainError ? (error.fields[0]?.reason ?? error.message) : String(error);
      errors.push({ field, reason });
      return { kind: 'all' };
    }
  }
  const constraints = fromNativeRange('generic', trimmed);
  if (!constraints) {
    errors.push({
      field,
      reason: 'is neither a vers range (vers:npm/<2.0.0) nor a plain one (<= 5.8.4)',
    });
    return { kind: 'all' };
  }
  return constraints.length ? { kind: 'vers', scheme: 'generic', constraints } : { kind: 'all' };
}

/** An advisory from the editor, normalised as an import would be. */
export function editorAdvisory(
  input: AdvisoryInput,
  sourceId: string,
  revision: string,
  now: string,
): NormalisedAdvisory {
  const errors: FieldError[] = [];
  const products: AffectedProduct[] = input.products.map((p, i) => {
    if (p.cpe) {
      try {
        parseCpe(p.cpe);
      } catch (error) {
        errors.push({
          field: `/products/${i}/cpe`,
          reason: (error as DomainError).fields[0]?.reason ?? 'is not a CPE name',
        });
      }
    }
    if (p.purl && !purlKey(p.purl))
      errors.push({ field: `/products/${i}/purl`, reason: 'is not a package URL' });
    if (!p.cpe && !p.purl && !(p.vendor && p.product)) {
      errors.push({
        field: `/products/${i}`,
        reason: 'needs a CPE, a purl, or both vendor and product to be matched',
      });
    }
    return {
      ref: `FHPID-${String(i + 1).padStart(4, '0')}`,
      name: p.name,
      vendor: p.vendor ?? null,
      product: p.product ?? null,
      cpe: p.cpe ?? null,
      purl: p.purl ?? null,
      versions: editorVersions(p.versions, `/products/${i}/versions`, errors),
      status: p.status,
      cves: input.cves,
    };
  });
  if (errors.length) throw validationError(errors);
  return {
    source: 'fenghuo',
    sourceId,
    revision,
    title: input.title,
    summary: input.summary,
    publisher: null,
    severity: input.severity ?? null,
    cvss: null,
    cves: input.cves,
    publishedAt: null,
    updatedAt: now,
    tlp: 'WHITE',
    products,
    remediations: input.remediations.map((r) => ({
      category: r.category,
      text: r.text,
      url: r.url ?? null,
      products: products
        .filter((p) => p.status === 'affected' || p.status === 'under_investigation')
        .map((p) => p.ref),
    })),
    references: input.references.map((r) => ({ url: r.url, summary: r.summary ?? null })),
    kev: null,
  };
}

export interface ProviderOptions {
  publicUrl: string;
  publisher: CsafPublisher;
}

/**
 * Advisories: imports (CSAF validated first, CVE JSON 5, the KEV catalogue) that keep every
 * revision, Fenghuo's own advisories written in the editor and published as CSAF, and the
 * matches of each against the inventory, recomputed in the transaction that changes it.
 */
export class AdvisoryService {
  constructor(
    private readonly database: Database,
    private readonly provider: ProviderOptions,
    private readonly now: () => string,
  ) {}

  private repos() {
    return repositories(this.database.db, this.database.dialect);
  }

  /** Imports a file's advisories in one transaction; `origin` says how it came (file, api, cli, pull:NAME). */
  async importFile(actor: Actor, text: string, origin: string): Promise<AdvisoryImportResult> {
    authorize(actor, 'advisory.import');
    return this.importRead(actor, await readAdvisoryFile(text), origin);
  }

  /** Imports a file already read and, for CSAF, validated (a pull checks the format first). */
  async importRead(
    actor: Actor,
    file: AdvisoryFile,
    origin: string,
  ): Promise<AdvisoryImportResult> {
    authorize(actor, 'advisory.import');
    const { format, advisories, document } = file;
    return inTransaction(
      this.database,
      actor,
      async (uow) => {
        const result = await this.apply(uow, advisories, document, origin);
        const count = (...outcomes: string[]) =>
          result.filter((r) => outcomes.includes(r.outcome)).length;
        const counts = {
          created: count('created'),
          updated: count('updated'),
          unchanged: count('unchanged', 'older'),
        };
        await uow.audit('advisory.imported', 'advisory_import', uuidv7(), {
          format,
          origin,
          advisories: advisories.length,
          created: counts.created,
          updated: counts.updated,
        });
        return { format, advisories: result, ...counts };
      },
      this.now,
    );
  }

  /**
   * Stores new advisories and newer revisions (an older or identical one changes nothing), with
   * a history row each, then re-matches exactly those that changed.
   */
  async apply(
    uow: UnitOfWork,
    advisories: readonly NormalisedAdvisory[],
    document: unknown,
    origin: string,
  ) {
    const source = advisories[0]?.source;
    if (!source) return [];
    const existing = await uow.repos.advisories.bySourceIds(
      source,
      advisories.map((a) => a.sourceId),
    );
    const hashes = await uow.repos.advisories.latestHashes([...existing.values()].map((a) => a.id));
    const outcomes: AdvisoryImportResult['advisories'] = [];
    const changed: { id: string; content: NormalisedAdvisory }[] = [];
    const created: Parameters<typeof uow.repos.advisories.insert>[0][number][] = [];
    const revisions: Parameters<typeof uow.repos.advisories.addRevisions>[0][number][] = [];
    for (const advisory of advisories) {
      const current = existing.get(advisory.sourceId);
      const hash = sha256(advisory);
      const outcome = !current
        ? 'created'
        : hashes.get(current.id) === hash
          ? 'unchanged'
          : revisionOrder(advisory.revision, current.revision) < 0
            ? 'older'
            : 'updated';
      const id = current?.id ?? uuidv7();
      outcomes.push({
        id,
        source: advisory.source,
        sourceId: advisory.sourceId,
        revision: advisory.revision,
        outcome,
        matches: current?.matchCount ?? 0,
      });
      if (outcome === 'unchanged' || outcome === 'older') continue;
      if (current) await uow.repos.advisories.update(id, advisory, document, uow.now);
      else created.push({ id, advisory, document, published: true });
      revisions.push({
        id: uuidv7(),
        advisoryId: id,
        revision: advisory.revision,
        sha256: hash,
        origin,
        changes: current ? describeChanges(current.content, advisory) : ['first import'],
        content: advisory,
        document,
        importedBy: uow.actor.label,
        importedAt: uow.now,
      });
      changed.push({ id, content: advisory });
    }
    await uow.repos.advisories.insert(created, uow.now);
    await uow.repos.advisories.addRevisions(revisions);
    await matchAdvisories(uow.repos, changed, uow.now);
    const counts = await uow.repos.advisories.matchCounts(changed.map((c) => c.id));
    return outcomes.map((o) => ({ ...o, matches: counts.get(o.id) ?? o.matches }));
  }

  async list(actor: Actor, query: AdvisoryListQuery): Promise<Page<Advisory>> {
    authorize(actor, 'advisory.read');
    // Drafts of Fenghuo's own advisories are for those who write them.
    return this.repos().advisories.list({
      ...query,
      limit: query.limit ?? 50,
      publishedOnly: !can(actor, 'advisory.write'),
    });
  }

  async get(actor: Actor, id: string): Promise<AdvisoryDetail> {
    authorize(actor, 'advisory.read');
    const advisory = await this.repos().advisories.get(id);
    if (!advisory || (!advisory.published && !can(actor, 'advisory.write')))
      throw notFound('advisory', id);
    return view(advisory);
  }

  async revisions(actor: Actor, id: string): Promise<AdvisoryRevision[]> {
    await this.get(actor, id);
    return this.repos().advisories.revisions(id);
  }

  /** The organisations and assets an advisory matches, as far as the reader may see them. */
  async matches(actor: Actor, id: string): Promise<AdvisoryMatch[]> {
    await this.get(actor, id);
    authorize(actor, 'match.read');
    return this.repos().advisories.matches(id, visibility(actor, 'match.read'));
  }

  /** A new advisory of Fenghuo's own, as a draft; published later as CSAF. */
  async create(actor: Actor, input: AdvisoryInput): Promise<AdvisoryDetail> {
    authorize(actor, 'advisory.write');
    const id = await inTransaction(
      this.database,
      actor,
      async (uow) => {
        const year = uow.now.slice(0, 4);
        const sequence = (await uow.repos.advisories.countOwn(year)) + 1;
        const sourceId = `FENGHUO-${year}-${String(sequence).padStart(4, '0')}`;
        const advisory = editorAdvisory(input, sourceId, '1', uow.now);
        const id = uuidv7();
        await uow.repos.advisories.insert(
          [{ id, advisory, document: null, published: false }],
          uow.now,
        );
        await uow.repos.advisories.addRevisions([
          {
            id: uuidv7(),
            advisoryId: id,
            revision: '1',
            sha256: sha256(advisory),
            origin: 'editor',
            changes: ['written'],
            content: advisory,
            document: null,
            importedBy: actor.label,
            importedAt: uow.now,
          },
        ]);
        await matchAdvisories(uow.repos, [{ id, content: advisory }], uow.now);
        await uow.audit('advisory.created', 'advisory', id, { sourceId, title: advisory.title });
        return id;
      },
      this.now,
    );
    return this.get(actor, id);
  }

  /** A new revision of one of Fenghuo's own advisories. */
  async update(actor: Actor, id: string, input: AdvisoryInput): Promise<AdvisoryDetail> {
    authorize(actor, 'advisory.write');
    await inTransaction(
      this.database,
      actor,
      async (uow) => {
        const current = await uow.repos.advisories.get(id);
        if (!current) throw notFound('advisory', id);
        if (current.source !== 'fenghuo') {
          throw new DomainError(
            'conflict',
            'Only Fenghuo’s own advisories are edited here; imported ones change by re-import',
          );
        }
        const revision = String(Number(current.revision) + 1);
        const advisory = editorAdvisory(input, current.sourceId, revision, uow.now);
        await uow.repos.advisories.update(id, advisory, null, uow.now);
        const changes = describeChanges(current.content, advisory);
        await uow.repos.advisories.addRevisions([
          {
            id: uuidv7(),
            advisoryId: id,
            revision,
            sha256: sha256(advisory),
            origin: 'editor',
            changes,
            content: advisory,
            document: null,
            importedBy: actor.label,
            importedAt: uow.now,
          },
        ]);
        await matchAdvisories(uow.repos, [{ id, content: advisory }], uow.now);
        await uow.audit('advisory.updated', 'advisory', id, { revision, changes });
      },
      this.now,
    );
    return this.get(actor, id);
  }

  /** Publishes one of Fenghuo's own advisories: from now on it is served as CSAF. */
  async publish(actor: Actor, id: string): Promise<AdvisoryDetail> {
    authorize(actor, 'advisory.write');
    await inTransaction(
      this.database,
      actor,
      async (uow) => {
        const current = await uow.repos.advisories.get(id);
        if (!current) throw notFound('advisory', id);
        if (current.source !== 'fenghuo')
          throw new DomainError('conflict', 'Only Fenghuo’s own advisories are published here');
        // The document must pass the validator before it goes out.
        const document = await this.csaf(uow, { ...current, published: true });
        const result = await validateCsaf(document);
        if (!result.valid) {
          throw csafRefusal(result.failures, 'The CSAF document would not be valid');
        }
        await uow.repos.advisories.setPublished(id, true, uow.now);
        await uow.audit('advisory.published', 'advisory', id, { sourceId: current.sourceId });
      },
      this.now,
    );
    return this.get(actor, id);
  }

  /** One of Fenghuo's own advisories as a CSAF 2.0 document. */
  private async csaf(uow: UnitOfWork | null, advisory: StoredAdvisory): Promise<CsafDocument> {
    const repos = uow?.repos ?? this.repos();
    const revisions = (await repos.advisories.revisions(advisory.id)).reverse();
    return toCsaf(advisory.content, {
      trackingId: advisory.sourceId,
      status: advisory.published ? 'final' : 'draft',
      revisions: revisions.map((r) => ({
        number: r.revision,
        date: r.importedAt,
        summary: r.changes.join('; ') || 'revised',
      })),
      publisher: this.provider.publisher,
      lang: 'en',
      initialReleaseDate: revisions[0]?.importedAt ?? advisory.createdAt,
      currentReleaseDate: advisory.updatedAt,
      tlp: 'WHITE',
    });
  }

  // --- Fenghuo as a CSAF provider (public, no login)

  private csafBase() {
    return `${this.provider.publicUrl.replace(/\/+$/, '')}/.well-known/csaf`;
  }

  private documentUrl(a: Advisory) {
    // The year of first release, as CSAF directories are laid out; it never moves.
    return `${this.csafBase()}/white/${a.createdAt.slice(0, 4)}/${csafFileName(a.sourceId)}`;
  }

  async providerMetadata(): Promise<object> {
    const latest = (await this.repos().advisories.published('fenghuo'))[0];
    return providerMetadata({
      baseUrl: this.provider.publicUrl,
      publisher: this.provider.publisher,
      lastUpdated: latest?.updatedAt ?? '2026-01-01T00:00:00.000Z',
      feeds: [
        {
          tlp: 'WHITE',
          url: `${this.csafBase()}/white/feed-tlp-white.json`,
          summary: 'Fenghuo advisories (TLP:WHITE)',
        },
      ],
    });
  }

  async rolieFeed(): Promise<object> {
    const advisories = await this.repos().advisories.published('fenghuo');
    return rolieFeed({
      baseUrl: this.provider.publicUrl,
      feedUrl: `${this.csafBase()}/white/feed-tlp-white.json`,
      tlp: 'WHITE',
      title: 'Fenghuo advisories (TLP:WHITE)',
      updated: advisories[0]?.updatedAt ?? this.now(),
      entries: advisories.map((a) => ({
        trackingId: a.sourceId,
        title: a.title,
        published: a.createdAt,
        updated: a.updatedAt,
        url: this.documentUrl(a),
        summary: a.content.summary,
        hashUrl: `${this.documentUrl(a)}.sha512`,
      })),
    });
  }

  /** A published advisory's CSAF document by its file name, or null. */
  async csafDocument(year: string, fileName: string): Promise<string | null> {
    const advisory = (await this.repos().advisories.published('fenghuo')).find(
      (a) => csafFileName(a.sourceId) === fileName && a.createdAt.startsWith(year),
    );
    return advisory ? JSON.stringify(await this.csaf(null, advisory), null, 2) : null;
  }
}
