import { validationError } from '../errors.js';
import type { Comparator, Constraint } from './model.js';
import { compareVersions, compareVersionsForSort } from './versions.js';

/**
 * The vers specification (https://github.com/package-url/vers-spec): `vers:<type>/<constraints>`.
 * An empty constraint list stands for `*`, every version.
 */
export interface VersRange {
  scheme: string;
  constraints: Constraint[];
}

/** Reserved types that define no version ordering; `invalid` is never a valid VERS at all. */
const UNORDERED_TYPES = ['example', 'test'];

/** Characters a version must carry percent-encoded; whitespace, controls and non-ASCII too. */
const ENCODED = new Set(['%', '<', '>', '=', '!', '*', '|']);

function versError(reason: string): never {
  throw validationError([{ field: 'vers', reason }]);
}

const hasVersionOrdering = (scheme: string): boolean => !UNORDERED_TYPES.includes(scheme);

/**
 * Reads a VERS as its specification requires it to be written, and refuses anything else:
 * whitespace, stray pipes, a leading `=`, an unencoded reserved character, bad or non-canonical
 * percent-encoding, unsorted or duplicated versions, and comparator sequences the spec forbids.
 */
export function parseVers(text: string): VersRange {
  const range = readVers(text, true);
  checkCanonicalOrder(range);
  checkComparatorSequence(range.constraints);
  return range;
}

/**
 * Reads a VERS that may not be canonical: surrounding and in-version whitespace, empty
 * segments, a leading `=` and unsorted constraints are accepted, and constraints come back sorted.
 */
export function parseVersLenient(text: string): VersRange {
  const { scheme, constraints } = readVers(text, false);
  return { scheme, constraints: sortConstraints(scheme, constraints) };
}

function readVers(text: string, canonical: boolean): VersRange {
  if (canonical && /\s/.test(text)) versError('non-canonical VERS: whitespace is not permitted');
  const trimmed = canonical ? text : text.trim();
  const prefix = trimmed.slice(0, 5);
  if ((canonical ? prefix : prefix.toLowerCase()) !== 'vers:')
    versError("a VERS starts with 'vers:'");
  const slash = trimmed.indexOf('/');
  if (slash < 0) versError("a VERS has a '/' between its type and its constraints");
  const type = trimmed.slice(5, slash);
  const scheme = canonical ? type : type.toLowerCase();
  if (!/^[a-z][a-z0-9.-]*$/.test(scheme))
    versError(`'${type}' is not a VERS type: a lowercase letter, then letters, digits, '.' or '-'`);
  if (scheme === 'invalid')
    versError("invalid VERS type: 'invalid' is reserved for intentionally invalid VERS notations");
  const body = trimmed.slice(slash + 1);
  if (body.trim() === '') versError('a VERS has at least one constraint');
  if (body.trim() === '*') return { scheme, constraints: [] };

  let segments = body.split('|');
  if (canonical) {
    if (segments[0] === '') versError('non-canonical VERS: leading pipe is not permitted');
    if (segments.at(-1) === '') versError('non-canonical VERS: trailing pipe is not permitted');
    if (segments.includes('')) versError('non-canonical VERS: consecutive pipes are not permitted');
  } else {
    segments = segments.map((s) => s.trim()).filter((s) => s !== '');
  }
  if (segments.includes('*')) versError("'*' is only valid as the sole constraint");
  return { scheme, constraints: segments.map((s) => readConstraint(scheme, s, canonical)) };
}

function readConstraint(scheme: string, text: string, canonical: boolean): Constraint {
  const operator = /^(?:>=|<=|!=|<|>)/.exec(text)?.[0];
  const comparator = (operator ?? '=') as Comparator;
  let raw = text.slice(operator?.length ?? 0);
  if (!operator && raw.startsWith('=')) {
    if (canonical) versError(`'${text}': equality is a bare version, without a leading '='`);
    raw = raw.slice(1);
  }
  if (!canonical) raw = raw.trim();
  if (raw === '') versError(`'${text}' has no version`);
  const literal = [...raw].find((c) => c !== '%' && ENCODED.has(c));
  if (canonical && literal)
    versError(`'${text}': '${literal}' in a version must be percent-encoded`);
  return { comparator, version: decodeVersion(scheme, raw, canonical) };
}

function decodeVersion(scheme: string, raw: string, canonical: boolean): string {
  const triplets = raw.match(/%.{0,2}/g) ?? [];
  if (triplets.some((t) => !/^%[0-9A-Fa-f]{2}$/.test(t)))
    versError('non-canonical VERS: invalid percent-encoding in version');
  let version: string;
  try {
    version = decodeURIComponent(raw);
  } catch {
    versError('non-canonical VERS: invalid percent-encoding in version');
  }
  if (!canonical) return version;
  if (triplets.some((t) => t !== t.toUpperCase()))
    versError('non-canonical VERS: percent-encoding in version is not canonical');
  // The datetime type keeps the colons of its time and offset as they are.
  if (scheme === 'datetime') {
    if (/%3A/.test(raw)) versError('non-canonical VERS: datetime time colons must be unencoded');
    if (/[tz]/.test(version)) versError('non-canonical VERS: datetime must use uppercase T and Z');
  }
  return version;
}

/** The spec's rule: constraints sorted by version, each version once. */
function checkCanonicalOrder({ scheme, constraints }: VersRange): void {
  const ordered = hasVersionOrdering(scheme);
  for (let i = 1; i < constraints.length; i++) {
    const [previous, current] = [constraints[i - 1]!.version, constraints[i]!.version];
    const order = ordered
      ? compareVersions(scheme, previous, current)
      : previous === current
        ? 0
        : -1;
    if (order > 0) versError('non-canonical VERS: constraints are not sorted by version');
    if (order === 0) versError(`duplicate version '${current}': each version occurs once`);
  }
}

const isLowerBound = (c: Constraint) => c.comparator === '>' || c.comparator === '>=';

/**
 * The spec's rules on neighbouring comparators, `!=` set aside: an equality is followed only by an
 * equality or a lower bound, and lower and upper bounds alternate.
 */
function checkComparatorSequence(constraints: Constraint[]): void {
  const kept = constraints.filter((c) => c.comparator !== '!=');
  const invalid = (a: Constraint, b: Constraint) =>
    versError(`invalid VERS: '${formatConstraint(b)}' cannot follow '${formatConstraint(a)}'`);
  for (let i = 1; i < kept.length; i++) {
    const [a, b] = [kept[i - 1]!, kept[i]!];
    if (a.comparator === '=' && b.comparator !== '=' && !isLowerBound(b)) invalid(a, b);
  }
  const bounds = kept.filter((c) => c.comparator !== '=');
  for (let i = 1; i < bounds.length; i++) {
    const [a, b] = [bounds[i - 1]!, bounds[i]!];
    if (isLowerBound(a) === isLowerBound(b)) invalid(a, b);
  }
}

/** Where a comparator goes among constraints on one version: `<1` `<=1` `1` `!=1` `>=1` `>1`. */
const COMPARATOR_RANK: Record<Comparator, number> = {
  '<': 0,
  '<=': 1,
  '=': 2,
  '!=': 3,
  '>=': 4,
  '>': 5,
};

/** Constraints in canonical order; a reserved type without ordering keeps the order it has. */
export function sortConstraints(scheme: string, constraints: readonly Constraint[]): Constraint[] {
  if (!hasVersionOrdering(scheme)) return [...constraints];
  return [...constraints].sort(
    (a, b) =>
      compareVersionsForSort(scheme, a.version, b.version) ||
      COMPARATOR_RANK[a.comparator] - COMPARATOR_RANK[b.comparator],
  );
}

function encodeVersion(version: string): string {
  return Array.from(version, (c) => {
    const code = c.codePointAt(0)!;
    if (code > 0x7e) return encodeURIComponent(c);
    if (code <= 0x20 || ENCODED.has(c))
      return `%${code.toString(16).toUpperCase().padStart(2, '0')}`;
    return c;
  }).join('');
}

function formatConstraint({ comparator, version }: Constraint): string {
  return `${comparator === '=' ? '' : comparator}${encodeVersion(version)}`;
}

/** The canonical VERS: constraints sorted, versions percent-encoded, `*` for every version. */
export function formatVers(scheme: string, constraints: readonly Constraint[]): string {
  if (constraints.length === 0) return `vers:${scheme}/*`;
  return `vers:${scheme}/${sortConstraints(scheme, constraints).map(formatConstraint).join('|')}`;
}

/**
 * Whether `version` is in the range, by the spec's containment algorithm. A list of `!=`
 * constraints alone means every other version. Throws for a reserved type without ordering.
 */
export function versContains(
  scheme: string,
  constraints: readonly Constraint[],
  version: string,
): boolean {
  return versTester(scheme, constraints)(version);
}

/**
 * The containment test of one range, made once for testing many versions: the constraints are
 * checked and sorted here rather than for each version.
 */
export function versTester(
  scheme: string,
  constraints: readonly Constraint[],
): (version: string) => boolean {
  if (!hasVersionOrdering(scheme))
    versError(`no version ordering is defined for the reserved VERS type: ${scheme}`);
  const sorted = sortConstraints(scheme, constraints);
  const inclusive = sorted.filter((c) => ['=', '<=', '>='].includes(c.comparator));
  const excluded = sorted.filter((c) => c.comparator === '!=');
  const bounds = sorted.filter((c) => c.comparator !== '=' && c.comparator !== '!=');
  return (version) => {
    if (sorted.length === 0) return true;
    const compare = (c: Constraint) => compareVersions(scheme, version, c.version);
    if (inclusive.some((c) => compare(c) === 0)) return true;
    if (excluded.some((c) => compare(c) === 0)) return false;
    if (bounds.length === 0) return excluded.length === sorted.length;
    const first = bounds[0]!;
    const last = bounds.at(-1)!;
    if (!isLowerBound(first) && compare(first) < 0) return true;
    if (isLowerBound(last) && compare(last) > 0) return true;
    for (let i = 1; i < bounds.length; i++) {
      const [lower, upper] = [bounds[i - 1]!, bounds[i]!];
      if (isLowerBound(lower) && !isLowerBound(upper) && compare(lower) > 0 && compare(upper) < 0)
        return true;
    }
    return false;
  };
}
