import { PackageURL } from 'packageurl-js';
import { cpeMatches, cpeVendorProduct, parseCpe, type Wfn } from './cpe.js';
import { cveVersionStatus } from './cve-status.js';
import type { AffectedProduct } from './model.js';
import { versTester } from './vers.js';
import { compareVersions } from './versions.js';

/**
 * Matching an advisory's products against what organisations run. Each match says how sure it
 * is: `identifier` (the advisory's purl or CPE, and its version, identify the item exactly),
 * `range` (the item's version falls in the advisory's range), `name` (vendor and product names
 * agree, but no version could confirm it), and why, in one line a person can check.
 */
export const MATCH_CONFIDENCES = ['identifier', 'range', 'name'] as const;
export type MatchConfidence = (typeof MATCH_CONFIDENCES)[number];

/** An asset or SBOM component, with the match keys stored beside it. */
export interface InventoryItem {
  vendor: string | null;
  product: string | null;
  version: string | null;
  cpe: string | null;
  purl: string | null;
  productKey: string | null;
  purlKey: string | null;
}

export interface ItemMatch {
  ref: string;
  status: 'affected' | 'under_investigation';
  confidence: MatchConfidence;
  reason: string;
}

const COMPANY_SUFFIXES = new Set([
  'inc',
  'llc',
  'ltd',
  'limited',
  'co',
  'corp',
  'corporation',
  'gmbh',
  'ag',
  'sa',
  'company',
]);

/** A vendor or product name as people write it, with case, punctuation and company forms aside. */
export function normaliseName(name: string): string {
  const words = name
    .toLowerCase()
    .split(/[\s_\-.,/()]+/)
    .filter(Boolean);
  while (words.length > 1 && COMPANY_SUFFIXES.has(words.at(-1)!)) words.pop();
  return words.join(' ');
}

/** The key that finds items by vendor and product names; null unless both are known. */
export function productKey(vendor: string | null, product: string | null): string | null {
  const v = vendor ? normaliseName(vendor) : '';
  const p = product ? normaliseName(product) : '';
  return v && p ? `${v}|${p}` : null;
}

function parsePurl(purl: string): PackageURL | null {
  try {
    return PackageURL.fromString(purl);
  } catch {
    return null;
  }
}

/** The key that finds items by package: type, namespace and name, without version or qualifiers. */
export function purlKey(purl: string | null): string | null {
  const parsed = purl ? parsePurl(purl) : null;
  if (!parsed) return null;
  const namespace = parsed.namespace ? `${parsed.namespace}/` : '';
  return `${parsed.type}/${namespace}${parsed.name}`.toLowerCase();
}

function cpeNames(cpe: string | null): {
  vendor: string | null;
  product: string | null;
  version: string | null;
} {
  if (!cpe) return { vendor: null, product: null, version: null };
  try {
    return cpeVendorProduct(cpe);
  } catch {
    return { vendor: null, product: null, version: null };
  }
}

/** The keys an asset or component is stored under. */
export function inventoryKeys(item: Pick<InventoryItem, 'vendor' | 'product' | 'cpe' | 'purl'>) {
  const fromCpe = cpeNames(item.cpe);
  return {
    productKey:
      productKey(item.vendor, item.product) ?? productKey(fromCpe.vendor, fromCpe.product),
    purlKey: purlKey(item.purl),
  };
}

/** An advisory product made ready to test many items: parsed once, keys computed once. */
export interface PreparedProduct {
  product: AffectedProduct;
  /** For a vers range: its containment test, made once. */
  contains: ((version: string) => boolean) | null;
  productKeys: string[];
  purlKey: string | null;
  purlVersion: string | null;
  cpe: Wfn | null;
}

function safeCpe(cpe: string | null): Wfn | null {
  if (!cpe) return null;
  try {
    return parseCpe(cpe);
  } catch {
    return null;
  }
}

export function prepareProduct(product: AffectedProduct): PreparedProduct {
  const fromCpe = cpeNames(product.cpe);
  const keys = [
    productKey(product.vendor, product.product),
    productKey(fromCpe.vendor, fromCpe.product),
  ];
  const criterion = product.versions;
  return {
    product,
    contains:
      criterion.kind === 'vers' ? versTester(criterion.scheme, criterion.constraints) : null,
    productKeys: [...new Set(keys.filter((k): k is string => k !== null))],
    purlKey: purlKey(product.purl),
    purlVersion: product.purl ? (parsePurl(product.purl)?.version ?? null) : null,
    cpe: safeCpe(product.cpe),
  };
}

/** Every key under which a product's candidates are found (stored in `advisory_keys`). */
export function matchKeys(prepared: PreparedProduct): string[] {
  const keys = prepared.productKeys.map((k) => `p:${k}`);
  if (prepared.purlKey) keys.push(`u:${prepared.purlKey}`);
  return keys;
}

/** The same name with its version left open: versions are judged by the criterion instead. */
const anyVersion = (wfn: Wfn): Wfn => ({ ...wfn, version: 'ANY', update: 'ANY' });

type Identity = { by: 'purl' | 'cpe' | 'name'; text: string };
type VersionOutcome = { kind: 'exact' | 'in_range' | 'all' | 'out' | 'unknown'; text: string };

function identify(p: PreparedProduct, item: InventoryItem, itemCpe: Wfn | null): Identity | null {
  if (p.purlKey && p.purlKey === item.purlKey) return { by: 'purl', text: `purl pkg:${p.purlKey}` };
  if (p.cpe && itemCpe && cpeMatches(anyVersion(p.cpe), anyVersion(itemCpe))) {
    return { by: 'cpe', text: `CPE ${p.product.cpe}` };
  }
  if (item.productKey && p.productKeys.includes(item.productKey)) {
    return { by: 'name', text: `vendor and product "${item.productKey.replace('|', ' / ')}"` };
  }
  return null;
}

function itemVersion(item: InventoryItem, itemCpe: Wfn | null): string | null {
  const fromPurl = item.purl ? (parsePurl(item.purl)?.version ?? null) : null;
  return fromPurl ?? item.version ?? (itemCpe ? cpeNames(item.cpe).version : null);
}

/** Where the item's version stands against the product's criterion. */
function versionOutcome(
  p: PreparedProduct,
  identity: Identity,
  item: InventoryItem,
  itemCpe: Wfn | null,
): VersionOutcome {
  const criterion = p.product.versions;
  const version = itemVersion(item, itemCpe);
  if (criterion.kind === 'all') {
    // The identifier may itself carry the version: a purl with @version, a CPE with a version.
    if (identity.by === 'purl' && p.purlVersion) {
      if (version === null) return { kind: 'unknown', text: 'no version known' };
      return version === p.purlVersion
        ? { kind: 'exact', text: `version ${version}` }
        : { kind: 'out', text: '' };
    }
    if (identity.by === 'cpe' && p.cpe && cpeNames(p.product.cpe).version) {
      return cpeMatches(p.cpe, itemCpe!)
        ? { kind: 'exact', text: `version ${version}` }
        : { kind: 'out', text: '' };
    }
    return { kind: 'all', text: 'all versions' };
  }
  if (version === null) return { kind: 'unknown', text: 'no version known' };
  try {
    if (criterion.kind === 'vers') {
      const exact =
        criterion.constraints.length === 1 && criterion.constraints[0]!.comparator === '=';
      if (exact) {
        return compareVersions(criterion.scheme, version, criterion.constraints[0]!.version) === 0
          ? { kind: 'exact', text: `version ${version}` }
          : { kind: 'out', text: '' };
      }
      if (!p.contains!(version)) return { kind: 'out', text: '' };
      const range = criterion.constraints.map((c) => `${c.comparator}${c.version}`).join(' ');
      return { kind: 'in_range', text: `version ${version} within ${range}` };
    }
    if (criterion.kind === 'cve') {
      const { status, certain } = cveVersionStatus(criterion, version);
      if (!certain || status === 'unknown')
        return {
          kind: 'unknown',
          text: `version ${version} not comparable with the record's ranges`,
        };
      return status === 'affected'
        ? { kind: 'in_range', text: `version ${version} affected per the record's ranges` }
        : { kind: 'out', text: '' };
    }
  } catch {
    // A version the scheme cannot read cannot confirm or exclude anything.
    return { kind: 'unknown', text: `version ${version} not comparable` };
  }
  return { kind: 'unknown', text: `range "${criterion.text}" not readable` };
}

function confidenceOf(identity: Identity, outcome: VersionOutcome): MatchConfidence {
  if (outcome.kind === 'in_range') return 'range';
  if (outcome.kind === 'exact') return identity.by === 'name' ? 'range' : 'identifier';
  if (outcome.kind === 'all' && identity.by !== 'name') return 'identifier';
  return 'name';
}

const RANK: Record<MatchConfidence, number> = { identifier: 3, range: 2, name: 1 };

/**
 * The best match of an item against an advisory's products, or null. A fixed or not-affected
 * product that identifies the item with its version rules the item out.
 */
export function matchItem(
  products: readonly PreparedProduct[],
  item: InventoryItem,
): ItemMatch | null {
  const itemCpe = safeCpe(item.cpe);
  let best: ItemMatch | null = null;
  for (const p of products) {
    const identity = identify(p, item, itemCpe);
    if (!identity) continue;
    const outcome = versionOutcome(p, identity, item, itemCpe);
    if (outcome.kind === 'out') continue;
    const status = p.product.status;
    if (status === 'fixed' || status === 'not_affected') {
      if (outcome.kind === 'exact' || outcome.kind === 'in_range') return null;
      continue;
    }
    const confidence = confidenceOf(identity, outcome);
    if (!best || RANK[confidence] > RANK[best.confidence]) {
      best = {
        ref: p.product.ref,
        status,
        confidence,
        reason: `${identity.text}; ${outcome.text}`,
      };
    }
  }
  return best;
}
