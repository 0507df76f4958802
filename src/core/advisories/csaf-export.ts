/**
 * Fenghuo's own advisories as CSAF 2.0 documents (profile `csaf_security_advisory`), built so that
 * the schema and every mandatory test (CSAF 2.0 §6.1) accept them.
 */
import { formatVers } from './vers.js';
import { validationError } from '../errors.js';
import type {
  AdvisoryRemediation,
  AffectedProduct,
  CveVersionRange,
  NormalisedAdvisory,
  ProductStatus,
  VersionCriterion,
} from './model.js';

export type CsafTlp = 'WHITE' | 'GREEN' | 'AMBER' | 'RED';

export interface CsafPublisher {
  name: string;
  /** The publisher's web namespace, e.g. `https://cert.example.cn`. */
  namespace: string;
  /** Fenghuo publishes as a coordinator, the default. */
  category?: 'coordinator';
}

export interface CsafExportMeta {
  trackingId: string;
  status: 'draft' | 'interim' | 'final';
  /** Oldest first; the last one's number becomes `tracking.version`. */
  revisions: { number: string; date: string; summary: string }[];
  publisher: CsafPublisher;
  lang: 'zh-CN' | 'en';
  initialReleaseDate: string;
  currentReleaseDate: string;
  tlp: CsafTlp;
}

export interface CsafNote {
  category: 'description' | 'summary';
  title: string;
  text: string;
}

export interface CsafReference {
  category: 'external';
  summary: string;
  url: string;
}

export interface CsafFullProductName {
  name: string;
  product_id: string;
  product_identification_helper?: { cpe?: string; purl?: string };
}

export type CsafBranchCategory =
  'vendor' | 'product_name' | 'product_version' | 'product_version_range';

/** A branch holds either further branches or, as a leaf, one product. */
export type CsafBranch = { category: CsafBranchCategory; name: string } & (
  { branches: CsafBranch[] } | { product: CsafFullProductName }
);

export type CsafStatusList =
  'known_affected' | 'fixed' | 'known_not_affected' | 'under_investigation';
export type CsafProductStatus = Partial<Record<CsafStatusList, string[]>>;

const REMEDIATION_CATEGORIES = [
  'mitigation',
  'no_fix_planned',
  'none_available',
  'vendor_fix',
  'workaround',
] as const;
export type CsafRemediationCategory = (typeof REMEDIATION_CATEGORIES)[number];

export interface CsafRemediation {
  category: CsafRemediationCategory;
  details: string;
  product_ids: string[];
  url?: string;
}

export interface CsafVulnerability {
  cve?: string;
  title?: string;
  notes: CsafNote[];
  product_status: CsafProductStatus;
  remediations?: CsafRemediation[];
}

export interface CsafDocument {
  document: {
    category: 'csaf_security_advisory';
    csaf_version: '2.0';
    lang: CsafExportMeta['lang'];
    title: string;
    publisher: Required<CsafPublisher>;
    distribution: { tlp: { label: CsafTlp; url: string } };
    aggregate_severity?: { text: string };
    notes: CsafNote[];
    references?: CsafReference[];
    tracking: {
      id: string;
      status: CsafExportMeta['status'];
      version: string;
      revision_history: CsafExportMeta['revisions'];
      initial_release_date: string;
      current_release_date: string;
      generator: { engine: { name: string } };
    };
  };
  product_tree: { branches: CsafBranch[] };
  vulnerabilities: CsafVulnerability[];
}

const STATUS_LISTS = {
  affected: 'known_affected',
  fixed: 'fixed',
  not_affected: 'known_not_affected',
  under_investigation: 'under_investigation',
} as const satisfies Record<ProductStatus, CsafStatusList>;

/** The vers range of every version; a product with only this range is a `product_name` leaf. */
const ALL_VERSIONS = 'vers:all/*';
const NO_REMEDIATION = 'No remediation is available yet.';

/** A product of the advisory with the product_id its tree leaf got. */
interface Member {
  product: AffectedProduct;
  index: number;
  id: string;
}

/**
 * One vulnerability per CVE (without CVEs, one titled like the advisory), each with the
 * product status of the products it applies to and a remediation for every affected product.
 * Throws a validation error for input no valid document can express.
 */
export function toCsaf(advisory: NormalisedAdvisory, meta: CsafExportMeta): CsafDocument {
  const last = meta.revisions.at(-1);
  if (!last)
    throw validationError([{ field: '/revisions', reason: 'needs at least one revision' }]);
  if (advisory.products.length === 0)
    throw validationError([{ field: '/products', reason: 'a CSAF advisory needs a product' }]);

  const { branches, ids } = productTree(advisory.products);
  const members = advisory.products.map((product, index) => ({ product, index, id: ids[index]! }));
  const description = advisory.summary || advisory.title;
  const note: CsafNote = { category: 'summary', title: 'Summary', text: description };
  const cves = [...new Set(advisory.cves)];

  return {
    document: {
      category: 'csaf_security_advisory',
      csaf_version: '2.0',
      lang: meta.lang,
      title: advisory.title,
      publisher: { ...meta.publisher, category: meta.publisher.category ?? 'coordinator' },
      distribution: { tlp: { label: meta.tlp, url: 'https://www.first.org/tlp/' } },
      ...(advisory.severity ? { aggregate_severity: { text: advisory.severity } } : {}),
      notes: [note],
      ...(advisory.references.length > 0
        ? {
            references: advisory.references.map((r) => ({
              category: 'external' as const,
              summary: r.summary || r.url,
              url: r.url,
            })),
          }
        : {}),
      tracking: {
        id: meta.trackingId,
        status: meta.status,
        version: last.number,
        revision_history: meta.revisions.map(({ number, date, summary }) => ({
          number,
          date,
          summary,
        })),
        initial_release_date: meta.initialReleaseDate,
        current_release_date: meta.currentReleaseDate,
        generator: { engine: { name: 'Fenghuo' } },
      },
    },
    product_tree: { branches },
    vulnerabilities: (cves.length > 0 ? cves : [null]).map((cve) => {
      // A product without CVEs of its own is affected by all of the advisory's.
      const own = members.filter(
        (m) => cve === null || m.product.cves.length === 0 || m.product.cves.includes(cve),
      );
      if (own.length === 0)
        throw validationError([
          { field: '/cves', reason: `${cve} applies to none of the products` },
        ]);
      const fixes = remediations(own, advisory.remediations);
      return {
        ...(cve ? { cve } : { title: advisory.title }),
        notes: [{ category: 'description', title: 'Description', text: description }],
        product_status: productStatus(own),
        ...(fixes.length > 0 ? { remediations: fixes } : {}),
      };
    }),
  };
}

/** CSAF 2.0 §5.1: the tracking id in lower case, every run of other characters one `_`. */
export function csafFileName(trackingId: string): string {
  return `${trackingId.toLowerCase().replace(/[^+\-a-z0-9]+/g, '_')}.json`;
}

/**
 * vendor → product_name → product_version / product_version_range, with one product_id per
 * distinct leaf (`CSAFPID-0001`… in input order); `ids[i]` is the id of `products[i]`.
 */
function productTree(products: AffectedProduct[]): { branches: CsafBranch[]; ids: string[] } {
  const vendors = new Map<string | null, Map<string, CsafBranch[]>>();
  const idByLeaf = new Map<string, string>();
  const ids = products.map((p) => {
    const vendor = p.vendor?.trim() || null;
    const name = p.product?.trim() || p.name;
    const leaf = versionLeaf(p.versions);
    const key = JSON.stringify([vendor, name, leaf.category, leaf.name, p.cpe, p.purl]);
    const known = idByLeaf.get(key);
    if (known) return known;

    const id = `CSAFPID-${String(idByLeaf.size + 1).padStart(4, '0')}`;
    idByLeaf.set(key, id);
    const names = vendors.get(vendor) ?? new Map<string, CsafBranch[]>();
    vendors.set(vendor, names);
    names.set(name, [...(names.get(name) ?? []), { ...leaf, product: fullProductName(p, id) }]);
    return id;
  });

  const branches = [...vendors].flatMap(([vendor, names]) => {
    const productBranches = [...names].map(([name, leaves]): CsafBranch => {
      const [only] = leaves;
      return leaves.length === 1 && only && only.name === ALL_VERSIONS && 'product' in only
        ? { category: 'product_name', name, product: only.product }
        : { category: 'product_name', name, branches: leaves };
    });
    return vendor === null
      ? productBranches
      : [{ category: 'vendor' as const, name: vendor, branches: productBranches }];
  });
  return { branches, ids };
}

function versionLeaf(versions: VersionCriterion): {
  category: 'product_version' | 'product_version_range';
  name: string;
} {
  switch (versions.kind) {
    case 'all':
      return { category: 'product_version_range', name: ALL_VERSIONS };
    case 'vers': {
      const [only] = versions.constraints;
      if (only && versions.constraints.length === 1 && only.comparator === '=')
        return { category: 'product_version', name: only.version };
      return {
        category: 'product_version_range',
        name: formatVers(versions.scheme, versions.constraints),
      };
    }
    case 'cve':
      return { category: 'product_version_range', name: describeCveRanges(versions.ranges) };
    case 'unparsed':
      return { category: 'product_version_range', name: versions.text.trim() || ALL_VERSIONS };
  }
}

/**
 * CVE JSON 5 ranges become a plain range text ("vls", allowed though discouraged by the spec):
 * a vers union would need the scheme's version order to sort its bounds.
 */
function describeCveRanges(ranges: CveVersionRange[]): string {
  const affected = ranges
    .filter((r) => r.status === 'affected')
    .map((r) => {
      const upper = r.lessThan
        ? `<${r.lessThan}`
        : r.lessThanOrEqual
          ? `<=${r.lessThanOrEqual}`
          : '';
      if (!upper) return r.version;
      return r.version === '0' || r.version === '*' ? upper : `>=${r.version} ${upper}`;
    });
  return affected.join(', ') || ALL_VERSIONS;
}

function fullProductName(p: AffectedProduct, id: string): CsafFullProductName {
  const helper = { ...(p.cpe ? { cpe: p.cpe } : {}), ...(p.purl ? { purl: p.purl } : {}) };
  return {
    name: p.name,
    product_id: id,
    ...(p.cpe || p.purl ? { product_identification_helper: helper } : {}),
  };
}

function productStatus(members: Member[]): CsafProductStatus {
  const lists: CsafProductStatus = {};
  const statusOf = new Map<string, ProductStatus>();
  for (const { product, index, id } of members) {
    const previous = statusOf.get(id);
    if (previous === product.status) continue;
    // Identical products share a product_id, which may stand in one list only (test 6.1.6).
    if (previous)
      throw validationError([
        { field: `/products/${index}/status`, reason: `an identical product is ${previous}` },
      ]);
    statusOf.set(id, product.status);
    (lists[STATUS_LISTS[product.status]] ??= []).push(id);
  }
  return lists;
}

/** The advisory's remediations for these products, and `none_available` for affected ones left. */
function remediations(members: Member[], given: AdvisoryRemediation[]): CsafRemediation[] {
  const affected = members.filter((m) => m.product.status === 'affected');
  const result = given.flatMap((r): CsafRemediation[] => {
    // A remediation naming no product is for every affected one.
    const targets =
      r.products.length === 0
        ? affected
        : members.filter((m) => r.products.includes(m.product.ref));
    if (targets.length === 0) return [];
    const category = REMEDIATION_CATEGORIES.find((c) => c === r.category) ?? 'mitigation';
    return [
      {
        category,
        details: r.text || r.url || r.category,
        product_ids: unique(targets.map((m) => m.id)),
        ...(r.url ? { url: r.url } : {}),
      },
    ];
  });
  const covered = new Set(result.flatMap((r) => r.product_ids));
  const bare = unique(affected.map((m) => m.id).filter((id) => !covered.has(id)));
  if (bare.length > 0)
    result.push({ category: 'none_available', details: NO_REMEDIATION, product_ids: bare });
  return result;
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
