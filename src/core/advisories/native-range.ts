import type { Comparator, Constraint } from './model.js';
import { sortConstraints } from './vers.js';
import { compareVersions, isValidVersion } from './versions.js';

/**
 * Version ranges as feeds write them, turned into vers constraints: npm ranges (node-semver),
 * PyPI specifiers (PEP 440), RubyGems requirements, nginx and OpenSSL advisory lists, and the
 * loose forms advisories use in any scheme (`<= 5.8.4`, `>= 2.0, < 2.5`, `1.2.3`).
 *
 * Native ranges intersect (`>=1 <2`) and unite (`||`) what they name; they are evaluated as
 * sets of intervals and written back as vers constraints, which list disjoint intervals.
 */

interface Bound {
  version: string;
  inclusive: boolean;
}
/** A convex set of versions; a missing bound is unbounded. */
interface Interval {
  lower?: Bound;
  upper?: Bound;
}
/** A union of intervals. */
type VersionSet = Interval[];

const EVERY_VERSION: VersionSet = [{}];

/**
 * The vers constraints for a native range in `scheme`: `[]` for every version, `null` for text
 * that is not a range (`log4j-core*`, `all versions`, empty) or a range vers cannot express.
 */
export function fromNativeRange(scheme: string, text: string): Constraint[] | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const constraints = nativeConstraints(scheme, trimmed) ?? looseConstraints(scheme, trimmed);
  return constraints && sortConstraints(scheme, constraints);
}

function nativeConstraints(scheme: string, text: string): Constraint[] | null {
  switch (scheme) {
    case 'npm':
      return toConstraints(scheme, npmRange(scheme, text));
    case 'pypi':
      return toConstraints(scheme, allOf(scheme, text.split(','), pypiSpecifier));
    case 'gem':
      return toConstraints(scheme, allOf(scheme, text.split(','), gemRequirement));
    case 'nginx':
      return nginxRange(text);
    case 'openssl':
      return opensslList(text);
    default:
      return null;
  }
}

// ---- set operations on intervals

/** The tighter of two lower bounds (`direction` 1) or upper bounds (`direction` -1). */
function tighter(scheme: string, direction: 1 | -1, a?: Bound, b?: Bound): Bound | undefined {
  if (!a || !b) return a ?? b;
  const order = compareVersions(scheme, a.version, b.version) * direction;
  if (order) return order > 0 ? a : b;
  return a.inclusive ? b : a;
}

function intersect(scheme: string, a: Interval, b: Interval): Interval | null {
  const lower = tighter(scheme, 1, a.lower, b.lower);
  const upper = tighter(scheme, -1, a.upper, b.upper);
  if (lower && upper) {
    const order = compareVersions(scheme, lower.version, upper.version);
    if (order > 0 || (order === 0 && !(lower.inclusive && upper.inclusive))) return null;
  }
  return { ...(lower && { lower }), ...(upper && { upper }) };
}

/** Lower bounds in order, the unbounded first; on one version the inclusive first. */
function compareLowerBounds(scheme: string, a?: Bound, b?: Bound): number {
  if (!a || !b) return (a ? 1 : 0) - (b ? 1 : 0);
  return (
    compareVersions(scheme, a.version, b.version) || (b.inclusive ? 1 : 0) - (a.inclusive ? 1 : 0)
  );
}

/** The looser of two upper bounds. */
function looserUpper(scheme: string, a?: Bound, b?: Bound): Bound | undefined {
  if (!a || !b) return undefined;
  const order = compareVersions(scheme, a.version, b.version);
  if (order) return order > 0 ? a : b;
  return a.inclusive ? a : b;
}

/** Whether an interval ending at `upper` overlaps or touches one starting at `lower`. */
function meets(scheme: string, upper?: Bound, lower?: Bound): boolean {
  if (!upper || !lower) return true;
  const order = compareVersions(scheme, upper.version, lower.version);
  return order > 0 || (order === 0 && (upper.inclusive || lower.inclusive));
}

/** Intervals sorted by lower bound, overlapping or touching ones merged. */
function union(scheme: string, intervals: Interval[]): VersionSet {
  const sorted = [...intervals].sort((a, b) => compareLowerBounds(scheme, a.lower, b.lower));
  const merged: VersionSet = [];
  for (const interval of sorted) {
    const last = merged.at(-1);
    if (!last || !meets(scheme, last.upper, interval.lower)) {
      merged.push({ ...interval });
      continue;
    }
    const upper = looserUpper(scheme, last.upper, interval.upper);
    if (upper) last.upper = upper;
    else delete last.upper;
  }
  return merged;
}

function intersectSets(scheme: string, a: VersionSet, b: VersionSet): VersionSet {
  return union(
    scheme,
    a.flatMap((x) => b.map((y) => intersect(scheme, x, y))).filter((i) => i !== null),
  );
}

/** The intersection of every clause, or null when one is not understood. */
function allOf(
  scheme: string,
  clauses: string[],
  read: (scheme: string, clause: string) => VersionSet | null,
): VersionSet | null {
  let result = EVERY_VERSION;
  for (const clause of clauses) {
    const set = read(scheme, clause.trim());
    if (!set) return null;
    result = intersectSets(scheme, result, set);
  }
  return result;
}

/** The union of every alternative, or null when one is not understood. */
function anyOf(
  scheme: string,
  alternatives: string[],
  read: (scheme: string, alternative: string) => VersionSet | null,
): VersionSet | null {
  const sets = alternatives.map((a) => read(scheme, a.trim()));
  return sets.every((s) => s !== null) ? union(scheme, sets.flat()) : null;
}

function comparatorSet(comparator: Comparator, version: string): VersionSet {
  switch (comparator) {
    case '=':
      return [{ lower: { version, inclusive: true }, upper: { version, inclusive: true } }];
    case '!=':
      return [{ upper: { version, inclusive: false } }, { lower: { version, inclusive: false } }];
    case '<':
    case '<=':
      return [{ upper: { version, inclusive: comparator === '<=' } }];
    case '>':
    case '>=':
      return [{ lower: { version, inclusive: comparator === '>=' } }];
  }
}

/** `[lower, upper)`, the form of every wildcard and caret range. */
function halfOpen(lower: string | undefined, upper: string | undefined): VersionSet {
  return [
    {
      ...(lower !== undefined && { lower: { version: lower, inclusive: true } }),
      ...(upper !== undefined && { upper: { version: upper, inclusive: false } }),
    },
  ];
}

/**
 * Vers constraints for a union of disjoint intervals: `[]` for every version, null for none.
 * Two intervals around one excluded version are written `!=`.
 */
function toConstraints(scheme: string, set: VersionSet | null): Constraint[] | null {
  if (!set || set.length === 0) return null;
  const same = (a: Bound, b: Bound) => compareVersions(scheme, a.version, b.version) === 0;
  // An exclusive end and an exclusive start on one version leave just that version out.
  const hole = (upper?: Bound, lower?: Bound) =>
    !!upper && !!lower && !upper.inclusive && !lower.inclusive && same(upper, lower);
  return set.flatMap(({ lower, upper }, i): Constraint[] => {
    if (lower?.inclusive && upper?.inclusive && same(lower, upper))
      return [{ comparator: '=', version: lower.version }];
    const constraints: Constraint[] = [];
    if (lower && !hole(set[i - 1]?.upper, lower))
      constraints.push({ comparator: lower.inclusive ? '>=' : '>', version: lower.version });
    if (upper) {
      const comparator = hole(upper, set[i + 1]?.lower) ? '!=' : upper.inclusive ? '<=' : '<';
      constraints.push({ comparator, version: upper.version });
    }
    return constraints;
  });
}

// ---- npm: node-semver ranges

/** A partial version: `undefined` stands for a missing or wildcard (`x`, `*`) part. */
interface Partial {
  major?: string;
  minor?: string;
  patch?: string;
  pre: string;
}

const NPM_PARTIAL =
  /^[=v]*(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]+)?$/;

function npmPartial(text: string): Partial | null {
  const match = NPM_PARTIAL.exec(text);
  if (!match) return null;
  // After the first wildcard every part is one.
  const parts = match
    .slice(1, 4)
    .map((p) => (p === undefined || /^[xX*]$/.test(p) ? undefined : p));
  const firstWild = parts.indexOf(undefined);
  const [major, minor, patch] =
    firstWild < 0 ? parts : parts.map((p, i) => (i < firstWild ? p : undefined));
  return { major, minor, patch, pre: match[4] ? `-${match[4]}` : '' };
}

const increment = (n: string) => (BigInt(n) + 1n).toString();

/** The lowest version a partial covers: `1.2` is `1.2.0`. */
function partialFloor(p: Partial): string | undefined {
  return p.major === undefined ? undefined : `${p.major}.${p.minor ?? 0}.${p.patch ?? 0}${p.pre}`;
}

/** The lowest version above all a partial covers: `1.2` is below `1.3.0-0`. */
function partialCeiling(p: Partial): string | undefined {
  if (p.major === undefined) return undefined;
  if (p.minor === undefined) return `${increment(p.major)}.0.0-0`;
  if (p.patch === undefined) return `${p.major}.${increment(p.minor)}.0-0`;
  return undefined;
}

const isFull = (p: Partial) => p.patch !== undefined;

function npmComparator(operator: string, p: Partial): VersionSet | null {
  const floor = partialFloor(p);
  const ceiling = partialCeiling(p);
  const full = isFull(p) ? floor : undefined;
  switch (operator) {
    case '':
    case '=':
      return full ? comparatorSet('=', full) : halfOpen(floor, ceiling);
    case '>=':
      return halfOpen(floor, undefined);
    case '<':
      // `<1.2` is below every 1.2.x, its pre-releases included; `<*` is nothing.
      if (full) return comparatorSet('<', full);
      return floor ? halfOpen(undefined, `${floor}-0`) : [];
    case '>':
      if (full) return comparatorSet('>', full);
      return ceiling ? halfOpen(ceiling.replace(/-0$/, ''), undefined) : [];
    case '<=':
      return full ? comparatorSet('<=', full) : halfOpen(undefined, ceiling);
    case '~':
      // Patch-level changes: `~1.2.3` stays below 1.3.0, `~1` below 2.0.0.
      if (p.major === undefined) return EVERY_VERSION;
      return halfOpen(
        floor,
        p.minor === undefined ? ceiling : `${p.major}.${increment(p.minor)}.0-0`,
      );
    case '^': {
      if (p.major === undefined) return EVERY_VERSION;
      // The first non-zero part of major.minor.patch may not change.
      const upper =
        p.major !== '0' || p.minor === undefined
          ? `${increment(p.major)}.0.0-0`
          : p.minor !== '0' || p.patch === undefined
            ? `0.${increment(p.minor)}.0-0`
            : `0.0.${increment(p.patch)}-0`;
      return halfOpen(floor, upper);
    }
    default:
      return null;
  }
}

/** One comparator set: a hyphen range, or comparators separated by spaces (all must hold). */
function npmComparatorSet(scheme: string, text: string): VersionSet | null {
  if (text === '') return EVERY_VERSION;
  const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(text);
  if (hyphen) {
    const [from, to] = [npmPartial(hyphen[1]!), npmPartial(hyphen[2]!)];
    if (!from || !to) return null;
    const upper = isFull(to)
      ? comparatorSet('<=', partialFloor(to)!)
      : halfOpen(undefined, partialCeiling(to));
    return intersectSets(scheme, halfOpen(partialFloor(from), undefined), upper);
  }
  const comparators = text.replace(/(<=|>=|<|>|=|~>|~|\^)\s+/g, '$1').split(/\s+/);
  return allOf(scheme, comparators, (_, comparator) => {
    const [, operator = '', rest = ''] = /^(<=|>=|<|>|=|~>|~|\^)?(.*)$/.exec(comparator)!;
    const partial = npmPartial(rest);
    return partial && npmComparator(operator === '~>' ? '~' : operator, partial);
  });
}

function npmRange(scheme: string, text: string): VersionSet | null {
  return anyOf(scheme, text.split('||'), npmComparatorSet);
}

// ---- PyPI: PEP 440 version specifiers, separated by commas

/** The lowest version with release prefix `prefix` (`1.3` → `1.3.dev0`) and the next prefix's. */
function pep440Prefix(prefix: string): [floor: string, ceiling: string] | null {
  const match = /^((?:\d+!)?)((?:\d+\.)*)(\d+)$/.exec(prefix);
  if (!match) return null;
  const [, epoch = '', head = '', last = ''] = match;
  return [`${prefix}.dev0`, `${epoch}${head}${increment(last)}.dev0`];
}

function pypiSpecifier(scheme: string, clause: string): VersionSet | null {
  const match = /^(~=|===|==|!=|<=|>=|<|>)\s*(\S+)$/.exec(clause);
  if (!match) return null;
  const [, operator = '', version = ''] = match;
  if (operator === '===') return null; // string equality: no version order to express it in
  if ((operator === '==' || operator === '!=') && version.endsWith('.*')) {
    const bounds = pep440Prefix(version.slice(0, -2));
    if (!bounds) return null;
    return operator === '=='
      ? halfOpen(...bounds)
      : [
          { upper: { version: bounds[0], inclusive: false } },
          { lower: { version: bounds[1], inclusive: true } },
        ];
  }
  if (!isValidVersion(scheme, version)) return null;
  if (operator === '~=') {
    // `~=2.2.1` is `>=2.2.1, ==2.2.*`: the release without its last part is kept.
    const release = /^(?:\d+!)?\d+(?:\.\d+)*/.exec(version)?.[0] ?? '';
    const bounds = pep440Prefix(release.split('.').slice(0, -1).join('.'));
    return bounds && halfOpen(version, bounds[1]);
  }
  return comparatorSet(operator === '==' ? '=' : (operator as Comparator), version);
}

// ---- RubyGems requirements, separated by commas

/** `~> 2.0.8` is `>= 2.0.8, < 2.1`: the last release part is dropped and the one before bumped. */
function gemBump(version: string): string {
  const parts = version.split(/[.-]/);
  const firstWord = parts.findIndex((s) => !/^\d+$/.test(s));
  const segments = firstWord < 0 ? parts : parts.slice(0, firstWord);
  if (segments.length > 1) segments.pop();
  segments.push(increment(segments.pop()!));
  return segments.join('.');
}

function gemRequirement(scheme: string, clause: string): VersionSet | null {
  const [, operator = '=', version = ''] = /^(~>|=|!=|<=|>=|<|>)?\s*(\S+)$/.exec(clause) ?? [];
  if (!isValidVersion(scheme, version)) return null;
  return operator === '~>'
    ? halfOpen(version, gemBump(version))
    : comparatorSet(operator as Comparator, version);
}

// ---- nginx and OpenSSL advisory lists, separated by commas

/**
 * nginx advisories: `0.7.52-0.8.39` (both included), `1.4.1+` (this and later releases of its
 * branch: a stable, even minor stops at the next minor, the odd mainline does not) or a version.
 * The clauses are kept side by side, as the vers test vectors expect.
 */
function nginxRange(text: string): Constraint[] | null {
  if (text.toLowerCase() === 'all') return [];
  const constraints: Constraint[] = [];
  for (const clause of text.split(',').map((c) => c.trim())) {
    const plus = /^(\d+)\.(\d+)\.\d+\+$/.exec(clause);
    const [from = '', to] = clause.split('-');
    if (plus) {
      const [version, major, minor] = [clause.slice(0, -1), plus[1]!, plus[2]!];
      constraints.push({ comparator: '>=', version });
      if (BigInt(minor) % 2n === 0n)
        constraints.push({ comparator: '<', version: `${major}.${increment(minor)}.0` });
    } else if (to !== undefined && isValidVersion('nginx', from) && isValidVersion('nginx', to)) {
      constraints.push({ comparator: '>=', version: from }, { comparator: '<=', version: to });
    } else if (isValidVersion('nginx', clause)) {
      constraints.push({ comparator: '=', version: clause });
    } else return null;
  }
  return constraints;
}

/** OpenSSL advisories list the affected releases one by one (`3.0.0, 1.0.1b`). */
function opensslList(text: string): Constraint[] | null {
  const versions = text.split(',').map((v) => v.trim());
  if (!versions.every((v) => isValidVersion('openssl', v))) return null;
  return versions.map((version) => ({ comparator: '=', version }));
}

// ---- loose forms in any scheme: `<=5.8.4`, `< 7.23.2`, `>= 2.0, < 2.5`, `=1.2.3`, `1.2.3`

function looseComparator(scheme: string, text: string): VersionSet | null {
  const [, operator = '=', version = ''] = /^(<=|>=|==|!=|<|>|=)?(.*)$/.exec(text)!;
  if (!isValidVersion(scheme, version)) return null;
  return comparatorSet(operator === '==' ? '=' : (operator as Comparator), version);
}

/** Comparators separated by commas or spaces all hold; `||` separates alternatives. */
function looseConstraints(scheme: string, text: string): Constraint[] | null {
  const set = anyOf(scheme, text.split('||'), (_, alternative) =>
    allOf(
      scheme,
      alternative
        .replace(/(<=|>=|==|!=|<|>|=)\s+/g, '$1')
        .split(/[\s,]+/)
        .filter(Boolean),
      looseComparator,
    ),
  );
  return toConstraints(scheme, set);
}
