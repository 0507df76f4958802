/**
 * The normalised advisory: what every source (CSAF, CVE JSON 5, the KEV catalogue, Fenghuo's own
 * editor) becomes, so that matching, warnings and the CSAF export see one shape.
 */
export const ADVISORY_SOURCES = ['csaf', 'cve', 'kev', 'fenghuo'] as const;
export type AdvisorySource = (typeof ADVISORY_SOURCES)[number];

/** A product's status in an advisory, after CSAF's eight lists are folded into four. */
export const PRODUCT_STATUSES = [
  'affected',
  'fixed',
  'not_affected',
  'under_investigation',
] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type AdvisorySeverity = (typeof SEVERITIES)[number];

export type Comparator = '=' | '!=' | '<' | '<=' | '>' | '>=';
/** One vers constraint, e.g. `<` `2.0.0`. */
export interface Constraint {
  comparator: Comparator;
  version: string;
}

/** CVE JSON 5 statuses of a version. */
export type CveStatus = 'affected' | 'unaffected' | 'unknown';

/** One entry of a CVE JSON 5 `affected[].versions[]`, kept as the record has it. */
export interface CveVersionRange {
  version: string;
  status: CveStatus;
  lessThan?: string;
  lessThanOrEqual?: string;
  changes?: { at: string; status: CveStatus }[];
}

/**
 * Which versions of a product an advisory speaks of.
 * - `all`: every version (a CSAF product without a version, `vers:x/*`, a KEV entry);
 * - `vers`: a vers range in `scheme` (an exact version is one `=` constraint);
 * - `cve`: a CVE JSON 5 `versions[]` list, evaluated by the record's own algorithm;
 * - `unparsed`: a range nobody could read; it can only support a match by names.
 */
export type VersionCriterion =
  | { kind: 'all' }
  | { kind: 'vers'; scheme: string; constraints: Constraint[] }
  | { kind: 'cve'; scheme: string; ranges: CveVersionRange[]; defaultStatus: CveStatus }
  | { kind: 'unparsed'; text: string };

/** One product an advisory names, with how to recognise it and which of its versions. */
export interface AffectedProduct {
  /** Its reference inside the source: a CSAF product_id, `affected[N]` in CVE, the CVE id in KEV. */
  ref: string;
  /** The full name a person reads. */
  name: string;
  vendor: string | null;
  product: string | null;
  /** A CPE 2.3 formatted string (CPE 2.2 URIs are converted). */
  cpe: string | null;
  purl: string | null;
  versions: VersionCriterion;
  status: ProductStatus;
  cves: string[];
}

export interface AdvisoryRemediation {
  category: string;
  text: string;
  url: string | null;
  /** `ref`s of the products it applies to (CSAF groups resolved). */
  products: string[];
}

export interface KevFacts {
  dateAdded: string;
  /** The catalogue's due date (YYYY-MM-DD) for US federal agencies. */
  dueDate: string;
  requiredAction: string;
  knownRansomware: boolean;
  vulnerabilityName: string;
}

export interface NormalisedAdvisory {
  source: AdvisorySource;
  /** The source's own identifier: CSAF tracking id, CVE id, or for KEV the CVE id. */
  sourceId: string;
  /** The source's version of this document (CSAF tracking.version, CVE dateUpdated, KEV catalogVersion). */
  revision: string;
  title: string;
  summary: string | null;
  publisher: string | null;
  severity: AdvisorySeverity | null;
  /** The highest CVSS base score given, if any. */
  cvss: number | null;
  cves: string[];
  publishedAt: string | null;
  updatedAt: string | null;
  tlp: string | null;
  products: AffectedProduct[];
  remediations: AdvisoryRemediation[];
  references: { url: string; summary: string | null }[];
  kev: KevFacts | null;
}
