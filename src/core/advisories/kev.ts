import { validationError, type FieldError } from '../errors.js';
import { isObject } from '../feeds/fields.js';
import type { NormalisedAdvisory } from './model.js';

/** A catalogue entry once checked, every string trimmed. */
interface KevEntry {
  cveID: string;
  vendorProject: string;
  product: string;
  vulnerabilityName: string;
  dateAdded: string;
  shortDescription: string;
  requiredAction: string;
  dueDate: string;
  knownRansomwareCampaignUse?: string;
  notes?: string;
}

const CVE_ID = /^CVE-\d{4}-\d{4,19}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const REQUIRED_TEXT = [
  'vendorProject',
  'product',
  'vulnerabilityName',
  'shortDescription',
  'requiredAction',
] as const;
const OPTIONAL_TEXT = ['knownRansomwareCampaignUse', 'notes'] as const;
/** A URL inside a note, up to a space, comma or quote; trailing punctuation is cut off below. */
const NOTE_URL = /https?:\/\/[^\s,"]+/g;

/**
 * CISA's Known Exploited Vulnerabilities catalogue as one advisory per entry. Every error in the
 * file is collected and the whole file refused, so a bad catalogue never half-replaces a good one.
 */
export function normaliseKev(catalogue: unknown): {
  catalogVersion: string;
  dateReleased: string;
  advisories: NormalisedAdvisory[];
} {
  if (!isObject(catalogue))
    throw validationError([{ field: '', reason: 'must be a JSON object' }], 'Not a KEV catalogue');
  const top = trimmed(catalogue);
  const errors: FieldError[] = [];
  for (const field of ['catalogVersion', 'dateReleased'] as const)
    if (!text(top[field])) errors.push({ field: `/${field}`, reason: 'is required' });
  if (!Number.isInteger(top.count)) errors.push({ field: '/count', reason: 'must be an integer' });
  if (!Array.isArray(top.vulnerabilities))
    errors.push({ field: '/vulnerabilities', reason: 'must be an array' });
  const entries = Array.isArray(top.vulnerabilities)
    ? top.vulnerabilities.map((entry: unknown) => (isObject(entry) ? trimmed(entry) : null))
    : [];
  entries.forEach((entry, i) => {
    const at = `/vulnerabilities/${i}`;
    errors.push(...(entry ? entryErrors(entry, at) : [{ field: at, reason: 'must be an object' }]));
  });
  if (errors.length > 0)
    throw validationError(errors, `The KEV catalogue has ${errors.length} invalid fields`);
  const catalogVersion = top.catalogVersion as string;
  return {
    catalogVersion,
    dateReleased: top.dateReleased as string,
    // Checked above: every entry is an object with the fields of a KevEntry.
    advisories: entries.map((entry) => advisory(entry as unknown as KevEntry, catalogVersion)),
  };
}

function advisory(entry: KevEntry, catalogVersion: string): NormalisedAdvisory {
  return {
    source: 'kev',
    sourceId: entry.cveID,
    revision: catalogVersion,
    title: entry.vulnerabilityName,
    summary: entry.shortDescription,
    publisher: 'CISA',
    severity: null,
    cvss: null,
    cves: [entry.cveID],
    publishedAt: entry.dateAdded,
    updatedAt: null,
    tlp: null,
    products: [
      {
        ref: entry.cveID,
        name: `${entry.vendorProject} ${entry.product}`,
        vendor: entry.vendorProject,
        product: entry.product,
        cpe: null,
        purl: null,
        versions: { kind: 'all' },
        status: 'affected',
        cves: [entry.cveID],
      },
    ],
    remediations: [],
    references: noteUrls(entry.notes ?? '').map((url) => ({ url, summary: null })),
    kev: {
      dateAdded: entry.dateAdded,
      dueDate: entry.dueDate,
      requiredAction: entry.requiredAction,
      knownRansomware: entry.knownRansomwareCampaignUse === 'Known',
      vulnerabilityName: entry.vulnerabilityName,
    },
  };
}

function entryErrors(entry: Record<string, unknown>, at: string): FieldError[] {
  const errors: FieldError[] = [];
  if (typeof entry.cveID !== 'string' || !CVE_ID.test(entry.cveID))
    errors.push({ field: `${at}/cveID`, reason: 'must be a CVE id such as CVE-2024-3400' });
  for (const field of REQUIRED_TEXT)
    if (!text(entry[field])) errors.push({ field: `${at}/${field}`, reason: 'is required' });
  for (const field of ['dateAdded', 'dueDate'] as const) {
    const value = entry[field];
    if (typeof value !== 'string' || !DATE.test(value))
      errors.push({ field: `${at}/${field}`, reason: 'must be a date as YYYY-MM-DD' });
  }
  for (const field of OPTIONAL_TEXT)
    if (entry[field] !== undefined && typeof entry[field] !== 'string')
      errors.push({ field: `${at}/${field}`, reason: 'must be a string' });
  return errors;
}

/** Every string field trimmed: CISA leaves trailing spaces (`"SimpleHelp "`). */
function trimmed(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [
      key,
      typeof field === 'string' ? field.trim() : field,
    ]),
  );
}

function text(value: unknown): boolean {
  return typeof value === 'string' && value !== '';
}

/**
 * The URLs in the notes: links separated by `;`, sometimes after a sentence ("For more
 * information, please see: https://…") or by commas.
 */
function noteUrls(notes: string): string[] {
  const urls = notes
    .split(';')
    .flatMap((part) => part.match(NOTE_URL) ?? [])
    .map(withoutTrailingPunctuation);
  return [...new Set(urls)];
}

/** `…/aa23-158a.` ends a sentence; `…vulnerability)` closes a bracket opened before the URL. */
function withoutTrailingPunctuation(url: string): string {
  const cut = url.replace(/\.+$/, '');
  return cut.endsWith(')') && !cut.includes('(') ? cut.slice(0, -1) : cut;
}
