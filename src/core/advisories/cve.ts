import { PackageURL } from 'packageurl-js';
import { validationError, type FieldError } from '../errors.js';
import { isObject } from '../feeds/fields.js';
import { highestCvss, purlScheme, toCpe23, uniqueReferences, versRange } from './csaf.js';
import { cveScheme } from './cve-status.js';
import type {
  AffectedProduct,
  Constraint,
  CveStatus,
  CveVersionRange,
  NormalisedAdvisory,
  VersionCriterion,
} from './model.js';
import { fromNativeRange } from './native-range.js';
import { sortConstraints } from './vers.js';

/** The parts of a CVE JSON 5 record read here. */
interface CveVersion extends CveVersionRange {
  versionType?: string;
}
interface CveAffected {
  vendor?: string;
  product?: string;
  collectionURL?: string;
  packageName?: string;
  cpes?: string[];
  defaultStatus?: CveStatus;
  versions?: CveVersion[];
}
interface CvssScore {
  baseScore?: number;
}
interface CveContainer {
  title?: string;
  descriptions?: { lang: string; value: string }[];
  affected?: CveAffected[];
  metrics?: { cvssV4_0?: CvssScore; cvssV3_1?: CvssScore; cvssV3_0?: CvssScore }[];
  references?: { url: string; name?: string }[];
}
interface CveRecord {
  cveMetadata: {
    cveId: string;
    assignerShortName?: string;
    datePublished?: string;
    dateUpdated?: string;
  };
  containers: { cna: CveContainer; adp?: CveContainer[] };
}

const CVE_ID = /^CVE-\d{4}-\d{4,19}$/;
const CVE_STATUSES: readonly unknown[] = ['affected', 'unaffected', 'unknown'];
const MAX_TITLE = 200;

/** Package collections whose `packageName` makes a purl, by their `collectionURL`. */
const COLLECTIONS: { pattern: RegExp; type: string; separator: string }[] = [
  { pattern: /maven/i, type: 'maven', separator: ':' },
  { pattern: /npmjs/i, type: 'npm', separator: '/' },
  { pattern: /pypi/i, type: 'pypi', separator: '/' },
];

/** A PUBLISHED CVE JSON 5 record as a normalised advisory: one product per `affected[]` entry. */
export function normaliseCve(record: unknown): NormalisedAdvisory {
  const { cveMetadata: meta, containers } = checkRecord(record);
  const { cna, adp = [] } = containers;
  const cveId = meta.cveId;
  const summary = englishDescription(cna);
  const scores = [cna, ...adp]
    .flatMap((container) => container.metrics ?? [])
    .flatMap((metric) => [metric.cvssV4_0, metric.cvssV3_1, metric.cvssV3_0])
    .flatMap((score) => score?.baseScore ?? []);
  const adpAffected = adp.flatMap((container) => container.affected ?? []);
  return {
    source: 'cve',
    sourceId: cveId,
    // checkRecord refuses a record with neither date.
    revision: (meta.dateUpdated ?? meta.datePublished)!,
    title: cna.title?.trim() || shorten(summary ?? cveId),
    summary,
    publisher: meta.assignerShortName ?? null,
    ...highestCvss(scores),
    cves: [cveId],
    publishedAt: meta.datePublished ?? null,
    updatedAt: meta.dateUpdated ?? null,
    tlp: null,
    products: (cna.affected ?? []).map((entry, i) => product(entry, i, cveId, adpAffected)),
    remediations: [],
    references: uniqueReferences(
      [cna, ...adp]
        .flatMap((container) => container.references ?? [])
        .map((reference) => ({ url: reference.url, summary: reference.name ?? null })),
    ),
    kev: null,
  };
}

/** Refuses what is not a usable, published record, naming every field at fault. */
function checkRecord(record: unknown): CveRecord {
  if (!isObject(record))
    throw validationError([{ field: '', reason: 'must be a JSON object' }], 'Not a CVE record');
  const errors: FieldError[] = [];
  if (record.dataType !== 'CVE_RECORD')
    errors.push({ field: '/dataType', reason: 'must be CVE_RECORD' });
  const meta: Record<string, unknown> = isObject(record.cveMetadata) ? record.cveMetadata : {};
  if (typeof meta.cveId !== 'string' || !CVE_ID.test(meta.cveId))
    errors.push({ field: '/cveMetadata/cveId', reason: 'must be a CVE id such as CVE-2024-3400' });
  if (meta.state === 'REJECTED')
    errors.push({ field: '/cveMetadata/state', reason: 'the record is REJECTED' });
  else if (meta.state !== 'PUBLISHED')
    errors.push({ field: '/cveMetadata/state', reason: 'must be PUBLISHED' });
  if (typeof meta.dateUpdated !== 'string' && typeof meta.datePublished !== 'string')
    errors.push({ field: '/cveMetadata/datePublished', reason: 'is required' });
  const cna = isObject(record.containers) ? record.containers.cna : undefined;
  if (!isObject(cna)) errors.push({ field: '/containers/cna', reason: 'must be an object' });
  else errors.push(...affectedErrors(cna.affected));
  if (errors.length > 0) throw validationError(errors, 'The CVE record cannot be used');
  return record as unknown as CveRecord;
}

/** The shape of `affected[].versions[]`, which the version criteria are built from. */
function affectedErrors(affected: unknown): FieldError[] {
  const at = '/containers/cna/affected';
  if (affected === undefined) return [];
  if (!Array.isArray(affected)) return [{ field: at, reason: 'must be an array' }];
  return affected.flatMap((entry: unknown, i): FieldError[] => {
    if (!isObject(entry)) return [{ field: `${at}/${i}`, reason: 'must be an object' }];
    if (entry.versions === undefined) return [];
    if (!Array.isArray(entry.versions))
      return [{ field: `${at}/${i}/versions`, reason: 'must be an array' }];
    return entry.versions.flatMap((version: unknown, j): FieldError[] => {
      const field = `${at}/${i}/versions/${j}`;
      if (!isObject(version)) return [{ field, reason: 'must be an object' }];
      return [
        ...(typeof version.version === 'string'
          ? []
          : [{ field: `${field}/version`, reason: 'must be a string' }]),
        ...(CVE_STATUSES.includes(version.status)
          ? []
          : [{ field: `${field}/status`, reason: 'must be affected, unaffected or unknown' }]),
      ];
    });
  });
}

function englishDescription(cna: CveContainer): string | null {
  const descriptions = cna.descriptions ?? [];
  const english = descriptions.find((d) => /^en(-|$)/i.test(d.lang)) ?? descriptions[0];
  return english?.value.trim() || null;
}

/** A description made a title: one line, at most MAX_TITLE characters. */
function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > MAX_TITLE ? `${line.slice(0, MAX_TITLE - 1)}…` : line;
}

function product(
  entry: CveAffected,
  index: number,
  cveId: string,
  adpAffected: CveAffected[],
): AffectedProduct {
  const vendor = named(entry.vendor);
  const name = named(entry.product) ?? named(entry.packageName);
  const purl = entry.collectionURL && entry.packageName ? packageUrl(entry) : null;
  const cpe = entry.cpes?.[0] ?? adpCpe(entry, adpAffected);
  return {
    ref: `affected[${index}]`,
    name: [vendor, name].filter(Boolean).join(' ') || 'n/a',
    vendor,
    product: name,
    cpe: cpe ? toCpe23(cpe) : null,
    purl,
    versions: versions(entry, purl),
    status: 'affected',
    cves: [cveId],
  };
}

/** A name, or null where the record has none (MITRE's legacy records say "n/a"). */
function named(text: string | undefined): string | null {
  const trimmed = text?.trim();
  return trimmed && trimmed.toLowerCase() !== 'n/a' ? trimmed : null;
}

/** The purl of a package in a known collection: Maven `group:artifact`, npm, PyPI. */
function packageUrl({ collectionURL, packageName }: CveAffected): string | null {
  const collection = COLLECTIONS.find(({ pattern }) => pattern.test(collectionURL ?? ''));
  if (!collection || !packageName) return null;
  const cut = packageName.lastIndexOf(collection.separator);
  const namespace = cut > 0 ? packageName.slice(0, cut) : undefined;
  if (collection.type === 'maven' && !namespace) return null;
  try {
    const purl = new PackageURL(
      collection.type,
      namespace,
      packageName.slice(cut + 1),
      undefined,
      undefined,
      undefined,
    );
    return purl.toString();
  } catch {
    return null;
  }
}

/** CISA's ADP adds CPEs to records without them, under its own spelling of the names. */
function adpCpe(entry: CveAffected, adpAffected: CveAffected[]): string | undefined {
  const key = nameKey(entry);
  return adpAffected.find((other) => other.cpes?.length && nameKey(other) === key)?.cpes?.[0];
}

/** Vendor and product compared as CPE names are written: `Palo Alto Networks` is `paloaltonetworks`. */
function nameKey({ vendor, product }: CveAffected): string {
  const squash = (text = '') => text.toLowerCase().replace(/[^a-z0-9]/g, '');
  return `${squash(vendor)}|${squash(product)}`;
}

/**
 * The record's version list, kept for the CVE status algorithm; but GitHub writes ranges such as
 * `< 7.23.2` into `version` itself, with no versionType, and those become a vers range.
 */
function versions(entry: CveAffected, purl: string | null): VersionCriterion {
  const list = entry.versions ?? [];
  if (list.some((v) => v.versionType === undefined && /[<>=]/.test(v.version)))
    return looseRange(list, purlScheme(purl));
  return {
    kind: 'cve',
    scheme: cveScheme(list.find((v) => v.versionType !== undefined)?.versionType),
    ranges: list.map(({ version, status, lessThan, lessThanOrEqual, changes }) => ({
      version,
      status,
      ...(lessThan !== undefined && { lessThan }),
      ...(lessThanOrEqual !== undefined && { lessThanOrEqual }),
      ...(changes !== undefined && { changes }),
    })),
    defaultStatus: entry.defaultStatus ?? 'unknown',
  };
}

/** Loose ranges read as one vers range; only plain affected entries can be read that way. */
function looseRange(list: CveVersion[], scheme: string): VersionCriterion {
  const constraints: Constraint[] = [];
  for (const v of list) {
    const plain = v.status === 'affected' && !v.lessThan && !v.lessThanOrEqual && !v.changes;
    const read = plain ? fromNativeRange(scheme, v.version) : null;
    if (!read) return { kind: 'unparsed', text: list.map((each) => each.version).join(' | ') };
    // An entry for every version makes the others moot.
    if (read.length === 0) return { kind: 'all' };
    constraints.push(...read);
  }
  return versRange(scheme, sortConstraints(scheme, constraints));
}
