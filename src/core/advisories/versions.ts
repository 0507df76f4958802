/**
 * Version ordering per scheme, written from each ecosystem's specification: SemVer 2.0, PEP 440,
 * Maven's version order specification, Debian policy 5.6.12, rpmvercmp, RubyGems' Gem::Version
 * and the vers spec's general types (generic, intdot, lexicographic, datetime).
 *
 * Every comparator accepts any string: a scheme that must parse a version (semver, pypi, gem,
 * datetime) falls back to the generic ordering when either side does not parse.
 */

interface VersionRules {
  isValid(version: string): boolean;
  compare(a: string, b: string): number;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Unsigned UTF-8 byte order, which is Unicode code point order. */
function compareCodePoints(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i]! - y[i]!;
  }
  return x.length - y.length;
}

/** Two runs of ASCII digits, compared as numbers of any size. */
function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+/, '');
  const y = b.replace(/^0+/, '');
  return x.length - y.length || compareStrings(x, y);
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isLetter = (c: string | undefined): boolean => c !== undefined && /[A-Za-z]/.test(c);

/** Numbers compared as numbers, words as strings; `numbersFirst` says which kind ranks lower. */
function compareIdentifiers(a: string, b: string, numbersFirst: boolean): number {
  const [x, y] = [/^\d+$/.test(a), /^\d+$/.test(b)];
  if (x && y) return compareDigits(a, b);
  if (x !== y) return x === numbersFirst ? -1 : 1;
  return compareStrings(a, b);
}

/** Identifier lists compared item by item; a list ranks above its own prefix. */
function compareIdentifierLists(a: string[], b: string[], numbersFirst: boolean): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = compareIdentifiers(a[i]!, b[i]!, numbersFirst);
    if (order) return order;
  }
  return a.length - b.length;
}

/** Digit-run lists compared item by item, a missing item counting as 0. */
function compareNumberLists(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const order = compareDigits(a[i] ?? '0', b[i] ?? '0');
    if (order) return order;
  }
  return 0;
}

// ---- generic: numeric and alphabetic runs, with pre- and post-release words (libversion-like)

/** Words that mark a version before its release; any other word marks one after it (`-h1`, `p2`). */
const PRE_RELEASE_WORDS = ['dev', 'alpha', 'beta', 'milestone', 'pre', 'preview', 'rc', 'snapshot'];
/** One-letter abbreviations, only when a number follows (`1.0a1`): `1.0.2k` is a later release. */
const PRE_RELEASE_LETTERS: Record<string, string> = {
  a: 'alpha',
  b: 'beta',
  m: 'milestone',
  c: 'rc',
};

type GenericPart =
  | { kind: 'number'; digits: string }
  | { kind: 'pre'; rank: number; word: string }
  | { kind: 'post'; word: string };

/**
 * Parsed versions, kept: matching compares the same few range bounds against thousands of
 * assets, and parsing dominates a comparison. Cleared when full, so it stays small.
 */
const parsedGeneric = new Map<string, GenericPart[]>();

function genericParts(version: string): GenericPart[] {
  let parts = parsedGeneric.get(version);
  if (!parts) {
    if (parsedGeneric.size >= 10_000) parsedGeneric.clear();
    parts = parseGeneric(version);
    parsedGeneric.set(version, parts);
  }
  return parts;
}

function parseGeneric(version: string): GenericPart[] {
  const text = version.toLowerCase().replace(/^v(?=\d)/, '');
  return Array.from(text.matchAll(/\d+|[a-z]+/g), (match): GenericPart => {
    const run = match[0];
    if (isDigit(run[0])) return { kind: 'number', digits: run };
    const word = isDigit(text[match.index + run.length]) ? (PRE_RELEASE_LETTERS[run] ?? run) : run;
    const rank = PRE_RELEASE_WORDS.indexOf(word === 'preview' ? 'pre' : word);
    return rank >= 0 ? { kind: 'pre', rank, word } : { kind: 'post', word };
  });
}

/** pre-release < nothing (or 0) < post-release < a positive number. */
function genericClass(part: GenericPart | undefined): number {
  if (!part) return 1;
  if (part.kind === 'pre') return 0;
  if (part.kind === 'post') return 2;
  return /^0+$/.test(part.digits) ? 1 : 3;
}

function compareGeneric(a: string, b: string): number {
  const x = genericParts(a);
  const y = genericParts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const p = x[i];
    const q = y[i];
    const order = genericClass(p) - genericClass(q);
    if (order) return order;
    if (p?.kind === 'number' && q?.kind === 'number') {
      const digits = compareDigits(p.digits, q.digits);
      if (digits) return digits;
    } else if (p?.kind === 'pre' && q?.kind === 'pre') {
      const pre = p.rank - q.rank || compareStrings(p.word, q.word);
      if (pre) return pre;
    } else if (p?.kind === 'post' && q?.kind === 'post') {
      const post = compareStrings(p.word, q.word);
      if (post) return post;
    }
  }
  return 0;
}

/** A bare hexadecimal string with a letter is a commit id, which has no order of its own. */
const isCommitId = (v: string): boolean => /^[0-9a-f]{7,40}$/i.test(v) && /[a-f]/i.test(v);

const generic: VersionRules = {
  isValid: (v) => /^v?\d[0-9A-Za-z._+~:-]*$/.test(v) && !isCommitId(v),
  compare: compareGeneric,
};

// ---- SemVer 2.0 precedence, tolerating a leading `v` or `=` and a missing minor or patch

const SEMVER =
  /^=?v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

function compareSemver(a: string, b: string): number {
  const x = SEMVER.exec(a);
  const y = SEMVER.exec(b);
  if (!x || !y) return compareGeneric(a, b);
  const core = compareNumberLists(
    x.slice(1, 4).map((n) => n ?? '0'),
    y.slice(1, 4).map((n) => n ?? '0'),
  );
  if (core) return core;
  // A version without pre-release identifiers ranks above any with them.
  if (!x[4] || !y[4]) return (x[4] ? -1 : 0) + (y[4] ? 1 : 0);
  return compareIdentifierLists(x[4].split('.'), y[4].split('.'), true);
}

const semver: VersionRules = { isValid: (v) => SEMVER.test(v), compare: compareSemver };

// ---- PEP 440, with its normalisations (`1.0RC1`, `1.0-1`, `v1.0`, `1.0.dev`)

const PEP440 =
  /^v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(alpha|a|beta|b|preview|pre|c|rc)[-_.]?(\d+)?)?(?:-(\d+)|[-_.]?(post|rev|r)[-_.]?(\d+)?)?(?:[-_.]?(dev)[-_.]?(\d+)?)?(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?$/i;
const PEP440_PRE_RANK: Record<string, number> = { a: 0, alpha: 0, b: 1, beta: 1 };

interface Pep440 {
  epoch: string;
  release: string[];
  /** 0: a dev release with no pre or post part (it sorts first), 1: a pre-release, 2: neither. */
  preTier: number;
  pre: [rank: number, number: string];
  post: string | null;
  dev: string | null;
  local: string[] | null;
}

function parsePep440(version: string): Pep440 | null {
  const match = PEP440.exec(version.trim());
  if (!match) return null;
  const [, epoch = '0', release = '', preLabel, preNumber = '0'] = match;
  const [postImplicit, postLabel, postNumber, devLabel, devNumber, local] = match.slice(5);
  const post = postImplicit ?? (postLabel ? (postNumber ?? '0') : null);
  const dev = devLabel ? (devNumber ?? '0') : null;
  return {
    epoch,
    release: release.split('.'),
    preTier: preLabel ? 1 : post === null && dev !== null ? 0 : 2,
    pre: [PEP440_PRE_RANK[preLabel?.toLowerCase() ?? ''] ?? 2, preNumber],
    post,
    dev,
    local: local ? local.toLowerCase().split(/[-_.]/) : null,
  };
}

/** Absent sorts first when `absentFirst`, else last; present values compare as numbers. */
function compareOptional(a: string | null, b: string | null, absentFirst: boolean): number {
  if (a !== null && b !== null) return compareDigits(a, b);
  if (a === b) return 0;
  return (a === null) === absentFirst ? -1 : 1;
}

function comparePypi(a: string, b: string): number {
  const x = parsePep440(a);
  const y = parsePep440(b);
  if (!x || !y) return compareGeneric(a, b);
  return (
    compareDigits(x.epoch, y.epoch) ||
    compareNumberLists(x.release, y.release) ||
    x.preTier - y.preTier ||
    (x.preTier === 1 ? x.pre[0] - y.pre[0] || compareDigits(x.pre[1], y.pre[1]) : 0) ||
    compareOptional(x.post, y.post, true) ||
    compareOptional(x.dev, y.dev, false) ||
    // A local label ranks above none; in it, numbers rank above words.
    (x.local && y.local
      ? compareIdentifierLists(x.local, y.local, false)
      : (x.local ? 1 : 0) - (y.local ? 1 : 0))
  );
}

const pypi: VersionRules = { isValid: (v) => PEP440.test(v.trim()), compare: comparePypi };

// ---- Maven: the version order specification of the POM reference (ComparableVersion, 3.9)

type MavenItem =
  | { kind: 'int'; digits: string }
  | { kind: 'string'; value: string }
  | { kind: 'list'; items: MavenItem[] };

const MAVEN_QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const MAVEN_ALIASES: Record<string, string> = { ga: '', final: '', release: '', cr: 'rc' };
const MAVEN_LETTERS: Record<string, string> = { a: 'alpha', b: 'beta', m: 'milestone' };
const MAVEN_RELEASE = String(MAVEN_QUALIFIERS.indexOf(''));

/** Known qualifiers by their rank, then unknown ones after them in lexical order. */
function mavenQualifierOrder(value: string): string {
  const index = MAVEN_QUALIFIERS.indexOf(value);
  return index >= 0 ? String(index) : `${MAVEN_QUALIFIERS.length}-${value}`;
}

function mavenItem(token: string, digits: boolean, followedByDigit = false): MavenItem {
  if (digits) return { kind: 'int', digits: token };
  const value = followedByDigit ? (MAVEN_LETTERS[token] ?? token) : token;
  return { kind: 'string', value: MAVEN_ALIASES[value] ?? value };
}

function isMavenNull(item: MavenItem): boolean {
  if (item.kind === 'int') return /^0+$/.test(item.digits);
  if (item.kind === 'string') return mavenQualifierOrder(item.value) === MAVEN_RELEASE;
  return item.items.length === 0;
}

/** Items separated by `.` stay in a list; `-` and digit/letter transitions open a sub-list. */
function parseMaven(version: string): MavenItem[] {
  const text = version.toLowerCase();
  const root: MavenItem[] = [];
  const lists = [root];
  let current = root;
  const nest = () => {
    const items: MavenItem[] = [];
    current.push({ kind: 'list', items });
    lists.push(items);
    current = items;
  };
  let start = 0;
  let digits = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '.' || c === '-') {
      current.push(
        i === start ? { kind: 'int', digits: '0' } : mavenItem(text.slice(start, i), digits),
      );
      start = i + 1;
      if (c === '-') nest();
    } else if (isDigit(c)) {
      if (!digits && i > start) {
        // `1.0.0.x1` reads as `1.0.0-x1` (MNG-7644).
        if (current.length > 0) nest();
        current.push(mavenItem(text.slice(start, i), false, true));
        start = i;
        nest();
      }
      digits = true;
    } else {
      if (digits && i > start) {
        current.push(mavenItem(text.slice(start, i), true));
        start = i;
        nest();
      }
      digits = false;
    }
  }
  if (text.length > start) {
    // A final `.x` reads as `-x` (MNG-7644).
    if (!digits && current.length > 0) nest();
    current.push(mavenItem(text.slice(start), digits));
  }
  // Trailing nulls (0, "", "ga", "final", empty lists) go, innermost lists first.
  for (const list of lists.reverse()) {
    for (let i = list.length - 1; i >= 0; i--) {
      if (isMavenNull(list[i]!)) list.splice(i, 1);
      else if (list[i]!.kind !== 'list') break;
    }
  }
  return root;
}

/** `other` undefined means the item is compared with padding. */
function compareMavenItem(item: MavenItem, other: MavenItem | undefined): number {
  switch (item.kind) {
    case 'int':
      if (!other) return isMavenNull(item) ? 0 : 1;
      return other.kind === 'int' ? compareDigits(item.digits, other.digits) : 1;
    case 'string':
      if (!other) return compareStrings(mavenQualifierOrder(item.value), MAVEN_RELEASE);
      return other.kind === 'string'
        ? compareStrings(mavenQualifierOrder(item.value), mavenQualifierOrder(other.value))
        : -1;
    case 'list':
      if (!other) {
        for (const each of item.items) {
          const order = compareMavenItem(each, undefined);
          if (order) return order;
        }
        return 0;
      }
      if (other.kind !== 'list') return other.kind === 'int' ? -1 : 1;
      return compareMavenLists(item.items, other.items);
  }
}

function compareMavenLists(a: MavenItem[], b: MavenItem[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const [x, y] = [a[i], b[i]];
    const order = x ? compareMavenItem(x, y) : y ? -compareMavenItem(y, undefined) : 0;
    if (order) return order;
  }
  return 0;
}

const maven: VersionRules = {
  isValid: (v) => /^\d[0-9A-Za-z._+-]*$/.test(v),
  compare: (a, b) => compareMavenLists(parseMaven(a), parseMaven(b)),
};

// ---- Debian: [epoch:]upstream[-revision], Debian policy 5.6.12

function splitDebian(version: string): [epoch: string, upstream: string, revision: string] {
  const colon = version.indexOf(':');
  const epoch = colon >= 0 ? version.slice(0, colon) : '0';
  const rest = version.slice(colon + 1);
  const hyphen = rest.lastIndexOf('-');
  return hyphen >= 0 ? [epoch, rest.slice(0, hyphen), rest.slice(hyphen + 1)] : [epoch, rest, ''];
}

/** `~` sorts before everything, even the end of the part; letters sort before other characters. */
function debianCharOrder(c: string | undefined): number {
  if (c === undefined || isDigit(c)) return 0;
  if (c === '~') return -1;
  return isLetter(c) ? c.charCodeAt(0) : c.charCodeAt(0) + 256;
}

/** Debian's comparison of an upstream version or a revision: non-digit runs, then numbers. */
function compareDebianPart(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isDigit(a[i])) || (j < b.length && !isDigit(b[j]))) {
      const order = debianCharOrder(a[i]) - debianCharOrder(b[j]);
      if (order) return order;
      i++;
      j++;
    }
    const x = /^\d*/.exec(a.slice(i))![0];
    const y = /^\d*/.exec(b.slice(j))![0];
    const order = compareDigits(x || '0', y || '0');
    if (order) return order;
    i += x.length;
    j += y.length;
  }
  return 0;
}

const deb: VersionRules = {
  isValid: (v) => {
    const [epoch, upstream, revision] = splitDebian(v);
    return (
      /^\d+$/.test(epoch) &&
      /^\d[A-Za-z0-9.+~-]*$/.test(upstream) &&
      /^[A-Za-z0-9.+~]*$/.test(revision) &&
      !v.endsWith('-')
    );
  },
  compare: (a, b) => {
    const x = splitDebian(a);
    const y = splitDebian(b);
    return (
      compareDigits(x[0], y[0]) || compareDebianPart(x[1], y[1]) || compareDebianPart(x[2], y[2])
    );
  },
};

// ---- RPM: [epoch:]version[-release], compared with rpmvercmp

function splitRpm(version: string): [epoch: string, version: string, release: string] {
  const match = /^(?:(\d+):)?(.*?)(?:-([^-]*))?$/.exec(version)!;
  return [match[1] ?? '0', match[2] ?? '', match[3] ?? ''];
}

const isAlphanumeric = (c: string | undefined): boolean => isDigit(c) || isLetter(c);

/** rpmvercmp: alphanumeric runs compared in turn; `~` sorts before all, `^` after the end. */
function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < a.length && !isAlphanumeric(a[i]) && a[i] !== '~' && a[i] !== '^') i++;
    while (j < b.length && !isAlphanumeric(b[j]) && b[j] !== '~' && b[j] !== '^') j++;
    if (a[i] === '~' || b[j] === '~') {
      if (a[i] !== '~') return 1;
      if (b[j] !== '~') return -1;
      i++;
      j++;
      continue;
    }
    if (a[i] === '^' || b[j] === '^') {
      if (i >= a.length) return -1;
      if (j >= b.length) return 1;
      if (a[i] !== '^') return 1;
      if (b[j] !== '^') return -1;
      i++;
      j++;
      continue;
    }
    if (i >= a.length || j >= b.length) break;
    const run = isDigit(a[i]) ? /^\d+/ : /^[A-Za-z]+/;
    const x = run.exec(a.slice(i))![0];
    const y = run.exec(b.slice(j))?.[0];
    // A number is newer than a word in the same place.
    if (y === undefined) return isDigit(a[i]) ? 1 : -1;
    const order = isDigit(a[i]) ? compareDigits(x, y) : compareStrings(x, y);
    if (order) return order;
    i += x.length;
    j += y.length;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}

const rpm: VersionRules = {
  isValid: (v) => /^(?:\d+:)?[A-Za-z0-9._+~^]+(?:-[A-Za-z0-9._+~^]+)?$/.test(v) && /\d/.test(v),
  compare: (a, b) => {
    const x = splitRpm(a);
    const y = splitRpm(b);
    return compareDigits(x[0], y[0]) || rpmvercmp(x[1], y[1]) || rpmvercmp(x[2], y[2]);
  },
};

// ---- RubyGems: Gem::Version, where a letter starts a pre-release

const GEM = /^\d+(?:\.[0-9A-Za-z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** Numbers and words, trailing zeros dropped from the release and the pre-release parts. */
function gemSegments(version: string): string[] {
  const segments = version.replace(/-/g, '.pre.').match(/\d+|[A-Za-z]+/g) ?? [];
  const firstWord = segments.findIndex((s) => !isDigit(s[0]));
  const parts =
    firstWord < 0 ? [segments] : [segments.slice(0, firstWord), segments.slice(firstWord)];
  return parts.flatMap((part) => {
    let end = part.length;
    while (end > 0 && /^0+$/.test(part[end - 1]!)) end--;
    return part.slice(0, end);
  });
}

function compareGem(a: string, b: string): number {
  if (!GEM.test(a) || !GEM.test(b)) return compareGeneric(a, b);
  const x = gemSegments(a);
  const y = gemSegments(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    // A word (a pre-release) ranks below any number.
    const order = compareIdentifiers(x[i] ?? '0', y[i] ?? '0', false);
    if (order) return order;
  }
  return 0;
}

const gem: VersionRules = { isValid: (v) => GEM.test(v), compare: compareGem };

// ---- vers general types: intdot, lexicographic, datetime

/** Dot-separated integers, read up to the first character that is neither a digit nor a dot. */
const intdot: VersionRules = {
  isValid: (v) => isDigit(v[0]),
  compare: (a, b) => {
    const segments = (v: string) =>
      /^[\d.]*/
        .exec(v)![0]
        .split('.')
        .map((s) => s || '0');
    return compareNumberLists(segments(a), segments(b));
  },
};

const lexicographic: VersionRules = { isValid: (v) => v.length > 0, compare: compareCodePoints };

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

/** An RFC 3339 timestamp as UTC seconds and the digits of its fraction of a second. */
function parseDatetime(version: string): [seconds: number, fraction: string] | null {
  const match = RFC3339.exec(version);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const offsetMinutes = match[8] ? Number(match[9]) * 60 + Number(match[10]) : 0;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  const valid =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 60 &&
    Number(match[9] ?? 0) <= 23 &&
    Number(match[10] ?? 0) <= 59;
  if (!valid) return null;
  const offset = (match[8] === '-' ? -1 : 1) * offsetMinutes * 60;
  const seconds = date.getTime() / 1000 + hour * 3600 + minute * 60 + second - offset;
  return [seconds, (match[7] ?? '').replace(/0+$/, '')];
}

const datetime: VersionRules = {
  isValid: (v) => parseDatetime(v) !== null,
  compare: (a, b) => {
    const x = parseDatetime(a);
    const y = parseDatetime(b);
    if (!x || !y) return compareGeneric(a, b);
    const width = Math.max(x[1].length, y[1].length);
    return x[0] - y[0] || compareStrings(x[1].padEnd(width, '0'), y[1].padEnd(width, '0'));
  },
};

const SCHEMES = {
  semver,
  npm: semver,
  pypi,
  maven,
  deb,
  rpm,
  gem,
  generic,
  intdot,
  lexicographic,
  datetime,
  // nginx numbers its releases with SemVer; OpenSSL's letter releases (1.0.2k) are generic ones.
  nginx: semver,
  openssl: generic,
} satisfies Record<string, VersionRules>;

export type VersionScheme = keyof typeof SCHEMES;
export const VERSION_SCHEMES: readonly VersionScheme[] = Object.freeze(
  Object.keys(SCHEMES) as VersionScheme[],
);

export function isVersionScheme(s: string): s is VersionScheme {
  return Object.hasOwn(SCHEMES, s);
}

/** An unknown scheme is ordered as `generic`. */
function rules(scheme: string): VersionRules {
  return isVersionScheme(scheme) ? SCHEMES[scheme] : generic;
}

/** Negative, 0 or positive as `a` sorts before, with or after `b` in `scheme`. */
export function compareVersions(scheme: string, a: string, b: string): number {
  return Math.sign(rules(scheme).compare(a, b));
}

/** Whether `v` is a version as `scheme` writes them (unknown schemes: as `generic`). */
export function isValidVersion(scheme: string, v: string): boolean {
  return rules(scheme).isValid(v);
}

/**
 * A total order for sorting: the scheme's order, then code point order between versions the
 * scheme holds equal (`1.0` and `1.0.0`), so that a sort gives the same result whatever its input.
 */
export function compareVersionsForSort(scheme: string, a: string, b: string): number {
  return compareVersions(scheme, a, b) || Math.sign(compareCodePoints(a, b));
}
