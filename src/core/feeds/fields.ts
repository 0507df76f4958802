/**
 * Field readers shared by the feed parsers: timestamps, addresses, ports, ASNs, severities, RSIT
 * pairs and slugs, each turning source text into the canonical {@link FeedEvent} value. A bad value
 * throws a {@link FieldError} whose message names the field; {@link toRecord} turns it into an
 * error record, so no parser lets one bad row escape as an exception.
 *
 * The CSV readers call these once per column per row, so the common spellings (a canonical dotted
 * quad, `YYYY-MM-DD HH:MM:SS`) are checked character by character before any regex or Date.
 */
import { parseNetworkValue } from '../registry/network-value.js';
import { findRsitClass, RSIT_LEGACY_ALIASES } from '../reporting/taxonomy.js';
import { SEVERITIES, type FeedEvent, type ParsedRecord, type Severity } from './event.js';

/** A field that cannot be read; the message is `<field>: <reason>`. */
export class FieldError extends Error {
  constructor(field: string, reason: string) {
    super(`${field}: ${reason}`);
    this.name = 'FieldError';
  }
}

/** Quotes a value for an error message, shortened so one huge cell cannot flood a report. */
export function quote(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
}

/** Builds a record, turning a {@link FieldError} thrown by `build` into an error record. */
export function toRecord(line: number, raw: string, build: () => FeedEvent): ParsedRecord {
  try {
    return { line, event: build() };
  } catch (error) {
    if (error instanceof FieldError) return { line, error: error.message, raw };
    throw error;
  }
}

/** An event with every optional field empty; callers fill in what the source has. */
export function newEvent(
  observedAt: string,
  identifier: string,
  rsit: string,
  severity: Severity,
  raw: string,
): FeedEvent {
  // Every field is present from the start so all events share one object shape.
  return {
    observedAt,
    identifier,
    rsit,
    severity,
    ip: null,
    port: null,
    asn: null,
    hostname: null,
    url: null,
    protocol: null,
    dstIp: null,
    dstPort: null,
    detail: null,
    raw,
  };
}

/** Trimmed text, or null when empty. */
export function optionalText(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  const text = value.trim();
  return text === '' ? null : text;
}

// ---------------------------------------------------------------------------------------------
// Addresses
// ---------------------------------------------------------------------------------------------

/** True for an IPv4 address already in canonical form: four decimals 0-255, no leading zeros. */
function isCanonicalIPv4(text: string): boolean {
  const n = text.length;
  if (n < 7 || n > 15) return false;
  let parts = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || value > 255) return false;
      parts++;
      value = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits === 1 && value === 0) return false;
      value = value * 10 + c - 48;
      if (++digits > 3) return false;
    } else {
      return false;
    }
  }
  return parts === 4;
}

/**
 * The canonical text of one IP address (RFC 5952 for IPv6), via the registry's own parser.
 *
 * Only single addresses are accepted: a `/32` or `/128` prefix is read as its address, any wider
 * network is refused. Events are routed by looking their address up in the registry, and that
 * lookup takes one address; taking a network's first address instead would hand a /24 that spans
 * two owners to whoever owns its start.
 */
export function optionalIp(field: string, value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  // Most feed addresses are canonical IPv4 already: confirm that without the general parser.
  if (isCanonicalIPv4(value)) return value;
  const text = value.trim();
  if (text === '') return null;
  const parsed = parseNetworkValue(text);
  if ('error' in parsed || parsed.type !== 'cidr') {
    throw new FieldError(field, `${quote(value)} is not an IP address`);
  }
  if (parsed.prefixLength !== (parsed.family === 4 ? 32 : 128)) {
    throw new FieldError(field, `${quote(value)} is a network, not a single IP address`);
  }
  return parsed.canonical.slice(0, parsed.canonical.indexOf('/'));
}

export function requiredIp(field: string, value: string | undefined): string {
  const ip = optionalIp(field, value);
  if (ip === null) throw new FieldError(field, 'missing');
  return ip;
}

/** A domain name in the registry's canonical spelling (lower case, no trailing dot). */
export function domainName(field: string, value: string): string {
  const parsed = parseNetworkValue(value);
  if ('error' in parsed) throw new FieldError(field, parsed.error);
  if (parsed.type !== 'domain') {
    throw new FieldError(field, `${quote(value)} is not a domain name`);
  }
  return parsed.canonical;
}

// ---------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------

/** A decimal integer of at most `maxDigits` digits, or -1 when the text is anything else. */
function decimal(text: string, maxDigits: number): number {
  const n = text.length;
  if (n === 0 || n > maxDigits) return -1;
  let value = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    value = value * 10 + c - 48;
  }
  return value;
}

export function optionalPort(field: string, value: string | number | undefined): number | null {
  if (value === undefined || value === '') return null;
  const port = typeof value === 'number' ? value : decimal(value.trim(), 5);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new FieldError(field, `${quote(String(value))} is not a port number (0-65535)`);
  }
  return port;
}

const MAX_ASN = 4294967295;

/** An AS number, plain or `AS`-prefixed. 0 is "no AS" (RFC 7607) in Shadowserver exports, so null. */
export function optionalAsn(field: string, value: string | number | undefined): number | null {
  if (value === undefined || value === '') return null;
  let asn: number;
  if (typeof value === 'number') {
    asn = value;
  } else {
    const text = value.trim();
    const prefixed = text.length > 2 && (text[0] === 'A' || text[0] === 'a');
    asn =
      prefixed && (text[1] === 'S' || text[1] === 's')
        ? decimal(text.slice(2), 10)
        : decimal(text, 10);
  }
  if (!Number.isInteger(asn) || asn < 0 || asn > MAX_ASN) {
    throw new FieldError(field, `${quote(String(value))} is not an AS number`);
  }
  return asn === 0 ? null : asn;
}

// ---------------------------------------------------------------------------------------------
// Timestamps
// ---------------------------------------------------------------------------------------------

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isValidDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

/** Two decimal digits at `i`, or -1. */
function twoDigits(text: string, i: number): number {
  const a = text.charCodeAt(i) - 48;
  const b = text.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** `YYYY-MM-DD HH:MM:SS` or `YYYY-MM-DDTHH:MM:SS`, optionally with a `Z`: the Shadowserver spelling. */
function fastTimestamp(text: string): string | null {
  const n = text.length;
  if (n !== 19 && !(n === 20 && (text[19] === 'Z' || text[19] === 'z'))) return null;
  const sep = text.charCodeAt(10);
  if (
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(7) !== 45 ||
    (sep !== 32 && sep !== 84) ||
    text.charCodeAt(13) !== 58 ||
    text.charCodeAt(16) !== 58
  ) {
    return null;
  }
  const century = twoDigits(text, 0);
  const yy = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  if (century < 0 || yy < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59) return null;
  if (second < 0 || second > 59 || !isValidDate(century * 100 + yy, month, day)) return null;
  return `${text.slice(0, 10)}T${text.slice(11, 19)}.000Z`;
}

const TIMESTAMP_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/**
 * An ISO 8601 / RFC 3339 date or date-time as ISO UTC with milliseconds, or null. A time without
 * an offset is UTC (as Shadowserver documents for its reports); a date alone is midnight UTC.
 * Fractions beyond milliseconds are truncated.
 */
export function parseTimestamp(value: string): string | null {
  const text = value.trim();
  const fast = fastTimestamp(text);
  if (fast !== null) return fast;
  const m = TIMESTAMP_PATTERN.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  if (!isValidDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return null;
  const offsetHours = Number(m[10] ?? 0);
  const offsetMinutes = Number(m[11] ?? 0);
  if (offsetHours > 23 || offsetMinutes > 59) return null;
  const offset = (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  return new Date(date.getTime() - offset).toISOString();
}

/** 9999-12-31T23:59:59Z, the last second ISO text with a four-digit year can hold. */
const MAX_EPOCH_SECONDS = 253402300799;

/** Seconds since 1970 (a number, or its decimal text, fraction allowed) as ISO UTC, or null. */
export function parseEpochSeconds(value: string | number): string | null {
  const seconds =
    typeof value === 'number' ? value : /^\d+(?:\.\d+)?$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > MAX_EPOCH_SECONDS) return null;
  return new Date(Math.floor(seconds * 1000)).toISOString();
}

export function requiredEpochSeconds(field: string, value: string | undefined): string {
  const text = optionalText(value);
  if (text === null) throw new FieldError(field, 'missing');
  const iso = parseEpochSeconds(text);
  if (iso === null) {
    throw new FieldError(field, `${quote(text)} is not a number of seconds since 1970`);
  }
  return iso;
}

export function requiredTimestamp(field: string, value: string | undefined): string {
  if (value === undefined || value === '') throw new FieldError(field, 'missing');
  const iso = parseTimestamp(value);
  if (iso === null) {
    if (value.trim() === '') throw new FieldError(field, 'missing');
    throw new FieldError(field, `${quote(value)} is not a timestamp`);
  }
  return iso;
}

// ---------------------------------------------------------------------------------------------
// Classification
// ---------------------------------------------------------------------------------------------

const SEVERITY_WORDS: Readonly<Record<string, Severity>> = Object.freeze({
  ...Object.fromEntries(SEVERITIES.map((s) => [s, s])),
  moderate: 'medium',
  informational: 'info',
  information: 'info',
  none: 'info',
});

/** A severity word, any case, as one of {@link SEVERITIES}; `fallback` when empty. */
export function severityOf(field: string, value: string | undefined, fallback: Severity): Severity {
  const text = optionalText(value);
  if (text === null) return fallback;
  const severity = SEVERITY_WORDS[text.toLowerCase()];
  if (severity === undefined) {
    throw new FieldError(field, `${quote(text)} is not a severity (${SEVERITIES.join(', ')})`);
  }
  return severity;
}

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

/**
 * Values of the legacy eCSIRT taxonomy (still common as MISP `ecsirt:` tags) that
 * {@link RSIT_LEGACY_ALIASES} does not cover, each with the current pair closest to it.
 */
const ECSIRT_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  'abusive-content/harm-speech': 'abusive-content/harmful-speech',
  'malicious-code/malware': 'malicious-code/infected-system',
  'malicious-code/botnet-drone': 'malicious-code/infected-system',
  // As IntelMQ maps it: a ransomware report names an infected host, not the encryption.
  'malicious-code/ransomware': 'malicious-code/infected-system',
  'malicious-code/c&c': 'malicious-code/c2-server',
  'intrusions/bot': 'malicious-code/infected-system',
  'intrusions/compromised': 'intrusions/system-compromise',
  'intrusions/backdoor': 'intrusions/system-compromise',
  'intrusions/defacement': 'information-content-security/unauthorised-information-modification',
  'vulnerable/vulnerable-service': 'vulnerable/vulnerable-system',
  'other/blacklist': 'other/other',
  'other/unknown': 'other/undetermined',
});

/** `classification/type` as a current RSIT pair, accepting legacy spellings; null when unknown. */
export function resolveRsit(classification: string, type: string): string | null {
  const c = classification.trim().toLowerCase();
  const t = type.trim().toLowerCase();
  if (findRsitClass(c, t)) return `${c}/${t}`;
  const key = `${c}/${t}`;
  return RSIT_LEGACY_ALIASES[key] ?? ECSIRT_ALIASES[key] ?? null;
}

/** Reads `classification/type` text (as in a mapping or a JSON line); null when not a known pair. */
export function parseRsit(text: string): string | null {
  const slash = text.indexOf('/');
  return slash < 0 ? null : resolveRsit(text.slice(0, slash), text.slice(slash + 1));
}

const MACHINE_TAG = /^\s*(rsit|ecsirt):([a-z0-9-]+)\s*=\s*"([^"]+)"\s*$/i;

/** The RSIT pair of an `rsit:` or (legacy) `ecsirt:` machine tag, e.g. `rsit:malicious-code="c2-server"`. */
export function rsitFromTag(tag: string): string | null {
  const match = MACHINE_TAG.exec(tag);
  return match ? resolveRsit(match[2]!, match[3]!) : null;
}

/** JSON documents (STIX, MISP) arrive whole; a BOM is dropped and bad JSON is a thrown Error. */
export function parseDocument(format: string, text: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    throw new Error(`${format}: the document is not valid JSON (${(error as Error).message}).`);
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const MAX_SLUG = 64;

/** A short, stable identifier from free text: lower case, runs of anything else as `-`. */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= MAX_SLUG) return slug;
  // Cut on a word boundary when there is one, so the slug stays readable.
  const cut = slug.slice(0, MAX_SLUG + 1).lastIndexOf('-');
  return slug.slice(0, cut > 0 ? cut : MAX_SLUG);
}
