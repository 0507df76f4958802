import type validateDocument from '@secvisogram/csaf-validator-lib/validate.js';
import type { DocumentTest } from '@secvisogram/csaf-validator-lib/validate.js';
import { PackageURL } from 'packageurl-js';
import { validationError } from '../errors.js';
import { formatCpe, parseCpe } from './cpe.js';
import type {
  AdvisoryRemediation,
  AdvisorySeverity,
  AffectedProduct,
  Constraint,
  NormalisedAdvisory,
  ProductStatus,
  VersionCriterion,
} from './model.js';
import { fromNativeRange } from './native-range.js';
import { parseVersLenient } from './vers.js';

/** The parts of a CSAF 2.0 document read here; `normaliseCsaf` expects a validated document. */
interface CsafProduct {
  product_id: string;
  name: string;
  product_identification_helper?: { cpe?: string; purl?: string };
}
interface CsafBranch {
  category: string;
  name: string;
  branches?: CsafBranch[];
  product?: CsafProduct;
}
interface CsafReference {
  url: string;
  summary: string;
}
interface CsafRemediation {
  category: string;
  details: string;
  url?: string;
  product_ids?: string[];
  group_ids?: string[];
}
interface CsafVulnerability {
  cve?: string;
  product_status?: Partial<Record<string, string[]>>;
  remediations?: CsafRemediation[];
  scores?: { cvss_v3?: { baseScore: number } }[];
  references?: CsafReference[];
}
interface CsafDocument {
  document: {
    title: string;
    publisher: { name: string };
    tracking: {
      id: string;
      version: string;
      initial_release_date: string;
      current_release_date: string;
    };
    distribution?: { tlp?: { label: string } };
    aggregate_severity?: { text: string };
    notes?: { category: string; text: string }[];
    references?: CsafReference[];
  };
  product_tree?: {
    branches?: CsafBranch[];
    full_product_names?: CsafProduct[];
    relationships?: { product_reference: string; full_product_name: CsafProduct }[];
    product_groups?: { group_id: string; product_ids: string[] }[];
  };
  vulnerabilities?: CsafVulnerability[];
}

/** What a product_id stands for, before a vulnerability gives it a status. */
type ProductIdentity = Omit<AffectedProduct, 'ref' | 'status' | 'cves'>;

/** The vendor, product and version branches above a product in the tree. */
interface BranchPath {
  vendor: string | null;
  product: string | null;
  version: CsafBranch | null;
}

/** CSAF's eight status lists folded into four, in the order products are listed. */
const STATUS_OF_LIST = new Map<string, ProductStatus>([
  ['known_affected', 'affected'],
  ['first_affected', 'affected'],
  ['last_affected', 'affected'],
  ['under_investigation', 'under_investigation'],
  ['fixed', 'fixed'],
  ['first_fixed', 'fixed'],
  ['recommended', 'fixed'],
  ['known_not_affected', 'not_affected'],
]);

/** Aggregate severity texts seen in practice (Red Hat, BSI, CISA) in Fenghuo's four levels. */
const AGGREGATE_SEVERITY = new Map<string, AdvisorySeverity>([
  ['critical', 'critical'],
  ['important', 'high'],
  ['high', 'high'],
  ['moderate', 'medium'],
  ['medium', 'medium'],
  ['low', 'low'],
]);

/**
 * The validator library, loaded on first use: it compiles its schemas when imported (about two
 * seconds), which every process that never sees a CSAF document would otherwise pay at start.
 */
let loaded: Promise<{
  validate: typeof validateDocument;
  strict: DocumentTest;
  mandatory: DocumentTest[];
}> | null = null;
function validator() {
  loaded ??= Promise.all([
    import('@secvisogram/csaf-validator-lib/validate.js'),
    import('@secvisogram/csaf-validator-lib/schemaTests.js'),
    import('@secvisogram/csaf-validator-lib/mandatoryTests.js'),
  ]).then(([validate, schemaTests, mandatoryTests]) => ({
    validate: validate.default,
    strict: schemaTests.csaf_2_0_strict,
    // The module's named exports are the tests, one each.
    mandatory: Object.values(mandatoryTests as unknown as Record<string, DocumentTest>),
  }));
  return loaded;
}

/**
 * Checks a CSAF 2.0 document with the strict schema and the mandatory tests (6.1). The mandatory
 * tests assume the schema holds (they throw on other shapes), so they run only once it does.
 */
export async function validateCsaf(document: unknown): Promise<{
  valid: boolean;
  failures: { test: string; message: string; path: string }[];
}> {
  const { validate, strict, mandatory } = await validator();
  let result = await validate([strict], document);
  if (result.isValid) result = await validate(mandatory, document);
  const failures = result.tests
    .filter((test) => !test.isValid)
    .flatMap((test) =>
      test.errors.map((error) => ({
        test: test.name,
        message: error.message,
        path: error.instancePath,
      })),
    );
  return { valid: result.isValid, failures };
}

/**
 * A validated CSAF 2.0 document as a normalised advisory: one product per product_id and folded
 * status, with its identity taken from the product tree.
 */
export function normaliseCsaf(document: unknown): NormalisedAdvisory {
  const csaf = document as CsafDocument;
  const meta = csaf.document;
  const vulnerabilities = csaf.vulnerabilities ?? [];
  const groups = new Map(
    (csaf.product_tree?.product_groups ?? []).map((group) => [group.group_id, group.product_ids]),
  );
  const scores = vulnerabilities.flatMap((vulnerability) =>
    (vulnerability.scores ?? []).flatMap((score) => score.cvss_v3?.baseScore ?? []),
  );
  const { cvss, severity } = highestCvss(scores);
  const notes = meta.notes ?? [];
  const summary =
    notes.find((note) => note.category === 'summary') ??
    notes.find((note) => note.category === 'description');
  const references = [
    ...(meta.references ?? []),
    ...vulnerabilities.flatMap((vulnerability) => vulnerability.references ?? []),
  ];
  return {
    source: 'csaf',
    sourceId: meta.tracking.id,
    revision: meta.tracking.version,
    title: meta.title,
    summary: summary?.text ?? null,
    publisher: meta.publisher.name,
    severity:
      AGGREGATE_SEVERITY.get(meta.aggregate_severity?.text.trim().toLowerCase() ?? '') ?? severity,
    cvss,
    cves: [...new Set(vulnerabilities.flatMap((vulnerability) => vulnerability.cve ?? []))],
    publishedAt: meta.tracking.initial_release_date,
    updatedAt: meta.tracking.current_release_date,
    tlp: meta.distribution?.tlp?.label ?? null,
    products: affectedProducts(vulnerabilities, productIdentities(csaf)),
    remediations: remediations(vulnerabilities, groups),
    references: uniqueReferences(references.map((r) => ({ url: r.url, summary: r.summary }))),
    kev: null,
  };
}

/** Every product_id the tree defines: branches, full product names, then relationships. */
function productIdentities(csaf: CsafDocument): Map<string, ProductIdentity> {
  const tree = csaf.product_tree ?? {};
  const identities = new Map<string, ProductIdentity>();
  const walk = (branches: CsafBranch[], above: BranchPath) => {
    for (const branch of branches) {
      const path: BranchPath = {
        vendor: branch.category === 'vendor' ? branch.name : above.vendor,
        product: branch.category === 'product_name' ? branch.name : above.product,
        // product_version or product_version_range
        version: branch.category.startsWith('product_version') ? branch : above.version,
      };
      if (branch.product) identities.set(branch.product.product_id, identity(branch.product, path));
      walk(branch.branches ?? [], path);
    }
  };
  const root: BranchPath = { vendor: null, product: null, version: null };
  walk(tree.branches ?? [], root);
  for (const product of tree.full_product_names ?? [])
    identities.set(product.product_id, identity(product, root));
  // "Package X on platform Y": the package identifies it; its own name says which platform.
  (tree.relationships ?? []).forEach((relationship, i) => {
    const { product_id, name } = relationship.full_product_name;
    const component = identities.get(relationship.product_reference);
    if (!component) {
      const field = `/product_tree/relationships/${i}/product_reference`;
      throw undefinedProduct(field, relationship.product_reference);
    }
    identities.set(product_id, { ...component, name });
  });
  return identities;
}

function identity(product: CsafProduct, path: BranchPath): ProductIdentity {
  const helper = product.product_identification_helper;
  const purl = helper?.purl ?? null;
  return {
    name: product.name,
    vendor: path.vendor,
    product: path.product,
    cpe: helper?.cpe ? toCpe23(helper.cpe) : null,
    purl,
    versions: branchVersions(path.version, purl),
  };
}

/**
 * The versions a product stands for: its version range, else its exact version (from its purl,
 * since Red Hat names version branches by package, `telnet-1:0.17-65.el7_6.src`, else from its
 * version branch), else all.
 */
function branchVersions(branch: CsafBranch | null, purl: string | null): VersionCriterion {
  const scheme = purlScheme(purl);
  if (branch?.category === 'product_version_range')
    return rangeVersions(scheme, branch.name.trim());
  const version =
    (purl ? parsePurl(purl)?.version : undefined) ??
    (branch?.category === 'product_version' ? branch.name : undefined);
  return version ? exactVersion(scheme, version) : { kind: 'all' };
}

function exactVersion(scheme: string, version: string): VersionCriterion {
  return { kind: 'vers', scheme, constraints: [{ comparator: '=', version }] };
}

/**
 * A `vers:` range as the spec asks (read leniently: spaces or unsorted constraints do not make
 * it unreadable), else the loose forms real feeds use (CISA's `<=5.8.4`).
 */
function rangeVersions(scheme: string, text: string): VersionCriterion {
  if (!text.startsWith('vers:')) {
    const constraints = fromNativeRange(scheme, text);
    return constraints ? versRange(scheme, constraints) : { kind: 'unparsed', text };
  }
  try {
    const vers = parseVersLenient(text);
    return versRange(vers.scheme, vers.constraints);
  } catch {
    return { kind: 'unparsed', text };
  }
}

/** One product per product_id and folded status, with the CVEs it has that status for. */
function affectedProducts(
  vulnerabilities: CsafVulnerability[],
  identities: Map<string, ProductIdentity>,
): AffectedProduct[] {
  const products = new Map<string, AffectedProduct>();
  vulnerabilities.forEach((vulnerability, v) => {
    for (const [list, status] of STATUS_OF_LIST) {
      (vulnerability.product_status?.[list] ?? []).forEach((ref, i) => {
        const key = JSON.stringify([ref, status]);
        let product = products.get(key);
        if (!product) {
          const known = identities.get(ref);
          if (!known)
            throw undefinedProduct(`/vulnerabilities/${v}/product_status/${list}/${i}`, ref);
          product = { ref, ...known, status, cves: [] };
          products.set(key, product);
        }
        if (vulnerability.cve && !product.cves.includes(vulnerability.cve))
          product.cves.push(vulnerability.cve);
      });
    }
  });
  return [...products.values()];
}

/** Remediations of all vulnerabilities; one repeated for several CVEs is listed once. */
function remediations(
  vulnerabilities: CsafVulnerability[],
  groups: Map<string, string[]>,
): AdvisoryRemediation[] {
  const merged = new Map<string, AdvisoryRemediation>();
  for (const remediation of vulnerabilities.flatMap((v) => v.remediations ?? [])) {
    const url = remediation.url ?? null;
    const key = JSON.stringify([remediation.category, remediation.details, url]);
    const products = [
      ...(merged.get(key)?.products ?? []),
      ...(remediation.product_ids ?? []),
      ...(remediation.group_ids ?? []).flatMap((group) => groups.get(group) ?? []),
    ];
    merged.set(key, {
      category: remediation.category,
      text: remediation.details,
      url,
      products: [...new Set(products)],
    });
  }
  return [...merged.values()];
}

function undefinedProduct(field: string, ref: string) {
  return validationError(
    [{ field, reason: `product_id ${ref} is not defined in the product tree` }],
    'The CSAF document refers to a product it does not define',
  );
}

function parsePurl(purl: string): PackageURL | null {
  try {
    return PackageURL.fromString(purl);
  } catch {
    return null;
  }
}

// Helpers shared by the CSAF and CVE normalisers.

/** The vers scheme of a product: its purl type (npm, maven, …), else `generic`. */
export function purlScheme(purl: string | null): string {
  return (purl ? parsePurl(purl)?.type : undefined) ?? 'generic';
}

/** A CPE as a 2.3 formatted string: 2.2 URIs (`cpe:/a:…`) are converted; unreadable ones dropped. */
export function toCpe23(cpe: string): string | null {
  if (!cpe.toLowerCase().startsWith('cpe:/')) return cpe;
  try {
    return formatCpe(parseCpe(cpe));
  } catch {
    return null;
  }
}

/** A vers range; no constraints at all (`vers:npm/*`, a native `*`) is every version. */
export function versRange(scheme: string, constraints: Constraint[]): VersionCriterion {
  return constraints.length === 0 ? { kind: 'all' } : { kind: 'vers', scheme, constraints };
}

/** The highest CVSS base score and its qualitative rating (the same bands in CVSS 3 and 4). */
export function highestCvss(scores: number[]): {
  cvss: number | null;
  severity: AdvisorySeverity | null;
} {
  if (scores.length === 0) return { cvss: null, severity: null };
  const cvss = Math.max(...scores);
  const severity =
    cvss >= 9 ? 'critical' : cvss >= 7 ? 'high' : cvss >= 4 ? 'medium' : cvss > 0 ? 'low' : null;
  return { cvss, severity };
}

type Reference = NormalisedAdvisory['references'][number];

/** References without repeats: the first with a given URL is kept. */
export function uniqueReferences(references: Reference[]): Reference[] {
  const byUrl = new Map<string, Reference>();
  for (const reference of references)
    if (!byUrl.has(reference.url)) byUrl.set(reference.url, reference);
  return [...byUrl.values()];
}
