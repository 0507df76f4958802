/**
 * The values a registry network entry can hold — CIDR blocks (IPv4 and IPv6), autonomous system
 * numbers and domains — and the single canonical spelling of each. One spelling per value is
 * what lets the database enforce uniqueness with a plain unique index and lets the lookup index
 * trust what it is given. Pure (no I/O) so the HTTP layer, importers and the index share it.
 */

/** An IPv6 address as four big-endian 32-bit words: plain numbers keep BigInt off lookup paths. */
export type IPv6Words = readonly [number, number, number, number];

export type ParsedNetwork =
  | { type: 'cidr'; canonical: string; family: 4; prefixLength: number; address: number }
  | { type: 'cidr'; canonical: string; family: 6; prefixLength: number; words: IPv6Words }
  | { type: 'asn'; canonical: string; asn: number }
  | { type: 'domain'; canonical: string };

/** What someone asked the registry about: one address (never a prefix), an ASN or a host name. */
export type LookupQuery =
  | { type: 'ip'; canonical: string; family: 4; address: number }
  | { type: 'ip'; canonical: string; family: 6; words: IPv6Words }
  | { type: 'asn'; canonical: string; asn: number }
  | { type: 'domain'; canonical: string };

type Failure = { error: string };
type Asn = Extract<ParsedNetwork, { type: 'asn' }>;
type Domain = Extract<ParsedNetwork, { type: 'domain' }>;
type Address = Extract<LookupQuery, { type: 'ip' }>;

const ASN_PATTERN = /^(?:as)?(\d+)$/i;
const MAX_ASN = 4294967295;
const IPV4_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;
/** Letters of any script are allowed because IDNs are stored as given, not converted to punycode. */
const LABEL_PATTERN = /^[\p{L}\p{M}\p{Nd}_-]+$/u;

/**
 * Parses a network value as typed by a person or found in an import file.
 *
 * ```ts
 * parseNetworkValue('2001:DB8:0::/32'); // { type: 'cidr', canonical: '2001:db8::/32', family: 6, ... }
 * parseNetworkValue('as4134');          // { type: 'asn', canonical: 'AS4134', asn: 4134 }
 * parseNetworkValue('192.0.2.1/24');    // { error: '192.0.2.1/24 has host bits set; did you mean 192.0.2.0/24?' }
 * ```
 */
export function parseNetworkValue(raw: string): ParsedNetwork | Failure {
  const text = raw.trim();
  if (text === '') return { error: 'Enter a CIDR block, an ASN or a domain.' };
  const slash = text.indexOf('/');
  if (slash >= 0) return parseCidr(text.slice(0, slash), text.slice(slash + 1));
  if (text.includes(':')) return parseCidr(text, null);
  const asn = ASN_PATTERN.exec(text);
  if (asn) return parseAsn(asn[1]!);
  // Digits and dots are an IPv4 attempt, never a domain: no top-level domain is numeric.
  if (/^[\d.]+$/.test(text)) return parseCidr(text, null);
  return parseDomain(text);
}

/**
 * Classifies what to look up. A bare number is an ASN. Anything else that is not an address is
 * reduced to its host name, so a URL or an e-mail address pasted from a report works as is.
 */
export function parseLookupQuery(raw: string): LookupQuery | Failure {
  const text = raw.trim();
  if (text === '') return { error: 'Enter an IP address, an ASN or a domain.' };
  const asn = ASN_PATTERN.exec(text);
  if (asn) return parseAsn(asn[1]!);
  const slash = text.indexOf('/');
  if (slash > 0 && parseAddress(text.slice(0, slash)) && /^\d+$/.test(text.slice(slash + 1))) {
    return {
      error: `${text} is a prefix; look up a single address such as ${text.slice(0, slash)}.`,
    };
  }
  const host = hostOf(text);
  if (host === '') return { error: `${text} has no host name.` };
  const address = parseAddress(host);
  if (address) return address;
  if (host.includes(':')) return { error: ipv6Error(host) };
  if (/^[\d.]+$/.test(host)) return { error: ipv4Error(host) };
  return parseDomain(host);
}

/** The host part of a URL, an e-mail address or a `host:port`; anything else is returned as is. */
function hostOf(text: string): string {
  let rest = text.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  rest = rest.split(/[/?#]/, 1)[0]!;
  rest = rest.slice(rest.lastIndexOf('@') + 1);
  const bracketed = /^\[([^\]]*)\](?::\d*)?$/.exec(rest);
  if (bracketed) return bracketed[1]!;
  // Only a single colon can be a port: more than one means an (invalid) IPv6 address.
  return /^[^:]*:\d*$/.test(rest) ? rest.slice(0, rest.indexOf(':')) : rest;
}

function parseAddress(text: string): Address | null {
  if (text.includes(':')) {
    const words = parseIPv6(text);
    return words && { type: 'ip', canonical: formatIPv6(words), family: 6, words };
  }
  const address = parseIPv4(text);
  return address === null
    ? null
    : { type: 'ip', canonical: formatIPv4(address), family: 4, address };
}

function parseAsn(digits: string): Asn | Failure {
  const asn = Number(digits);
  if (asn < 1 || asn > MAX_ASN) {
    return { error: `AS${digits} is out of range; an ASN is a number from 1 to ${MAX_ASN}.` };
  }
  return { type: 'asn', canonical: `AS${asn}`, asn };
}

function parseCidr(addressText: string, prefixText: string | null): ParsedNetwork | Failure {
  const family = addressText.includes(':') ? 6 : 4;
  const bits = family === 4 ? 32 : 128;
  let prefixLength = bits;
  if (prefixText !== null) {
    if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) {
      return {
        error: `/${prefixText} is not a valid IPv${family} prefix length; use 0 to ${bits}.`,
      };
    }
    prefixLength = Number(prefixText);
  }
  if (family === 4) {
    const address = parseIPv4(addressText);
    if (address === null) return { error: ipv4Error(addressText) };
    const network = (address & wordMask(prefixLength)) >>> 0;
    const canonical = `${formatIPv4(network)}/${prefixLength}`;
    if (network !== address) return hostBitsSet(addressText, prefixLength, canonical);
    return { type: 'cidr', canonical, family, prefixLength, address };
  }
  const words = parseIPv6(addressText);
  if (!words) return { error: ipv6Error(addressText) };
  const network = words.map((word, i) => (word & wordMask(prefixLength - 32 * i)) >>> 0);
  const canonical = `${formatIPv6(network)}/${prefixLength}`;
  if (network.some((word, i) => word !== words[i]))
    return hostBitsSet(addressText, prefixLength, canonical);
  return { type: 'cidr', canonical, family, prefixLength, words };
}

function hostBitsSet(addressText: string, prefixLength: number, canonical: string): Failure {
  return { error: `${addressText}/${prefixLength} has host bits set; did you mean ${canonical}?` };
}

/** The mask for one 32-bit word given how many prefix bits fall on it (clamped to 0..32). */
function wordMask(bits: number): number {
  if (bits <= 0) return 0;
  // `<< 32` is `<< 0` in JavaScript, so a full word needs its own case.
  return bits >= 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0;
}

function ipv4Error(text: string): string {
  return `${text} is not a valid IPv4 address; write four numbers from 0 to 255 without leading zeros.`;
}

function ipv6Error(text: string): string {
  return `${text} is not a valid IPv6 address.`;
}

function parseIPv4(text: string): number | null {
  const match = IPV4_PATTERN.exec(text);
  if (!match) return null;
  let value = 0;
  for (const part of match.slice(1)) {
    // Some tools read a leading zero as octal (010 = 8), so refuse rather than guess.
    if ((part.length > 1 && part.startsWith('0')) || Number(part) > 255) return null;
    value = value * 256 + Number(part);
  }
  return value;
}

function formatIPv4(address: number): string {
  return `${address >>> 24}.${(address >>> 16) & 255}.${(address >>> 8) & 255}.${address & 255}`;
}

/** RFC 4291 §2.2 text forms: eight hex groups, at most one `::`, optionally a dotted IPv4 tail. */
function parseIPv6(text: string): IPv6Words | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = hexGroups(halves[0]!, halves.length === 1);
  const tail = halves.length === 2 ? hexGroups(halves[1]!, true) : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const g = [...head, ...Array<number>(missing).fill(0), ...tail];
  return [
    g[0]! * 0x10000 + g[1]!,
    g[2]! * 0x10000 + g[3]!,
    g[4]! * 0x10000 + g[5]!,
    g[6]! * 0x10000 + g[7]!,
  ];
}

/** Colon-separated 16-bit groups; a dotted IPv4 address may close the whole address (two groups). */
function hexGroups(part: string, endsAddress: boolean): number[] | null {
  if (part === '') return [];
  const items = part.split(':');
  const groups: number[] = [];
  for (const [i, item] of items.entries()) {
    if (endsAddress && i === items.length - 1 && item.includes('.')) {
      const address = parseIPv4(item);
      if (address === null) return null;
      groups.push(address >>> 16, address & 0xffff);
    } else if (HEX_GROUP.test(item)) {
      groups.push(parseInt(item, 16));
    } else {
      return null;
    }
  }
  return groups;
}

/** RFC 5952: lower case, no leading zeros, the longest (then first) run of 2+ zero groups as `::`. */
function formatIPv6(words: readonly number[]): string {
  // §5: IPv4-mapped addresses keep the dotted tail people recognise.
  if (words[0] === 0 && words[1] === 0 && words[2] === 0xffff)
    return `::ffff:${formatIPv4(words[3]!)}`;
  const groups = words.flatMap((word) => [word >>> 16, word & 0xffff]);
  let runStart = -1;
  let runLength = 1;
  for (let i = 0; i < 8; i++) {
    if (groups[i] !== 0) continue;
    let end = i;
    while (end < 8 && groups[end] === 0) end++;
    if (end - i > runLength) [runStart, runLength] = [i, end - i];
    i = end;
  }
  const hex = groups.map((group) => group.toString(16));
  if (runStart < 0) return hex.join(':');
  return `${hex.slice(0, runStart).join(':')}::${hex.slice(runStart + runLength).join(':')}`;
}

function invalidDomain(text: string, why: string): Failure {
  return { error: `${text} is not a valid domain: ${why}.` };
}

/** Domains are compared case-insensitively, and `example.com.` is the same name as `example.com`. */
function parseDomain(text: string): Domain | Failure {
  // Chinese input methods type an ideographic full stop for a dot; IDNA (UTS #46) maps it to '.'.
  const name = text
    .toLowerCase()
    .replace(/[\u3002\uff0e\uff61]/g, '.')
    .replace(/\.$/, '');
  if (name.length > 253) return invalidDomain(text, 'it is longer than 253 characters');
  const labels = name.split('.');
  if (labels.length < 2)
    return invalidDomain(text, 'it needs at least two labels, as in example.com');
  for (const label of labels) {
    if (label === '') return invalidDomain(text, 'it has an empty label');
    if (label.length > 63)
      return invalidDomain(text, `the label ${label} is longer than 63 characters`);
    if (!LABEL_PATTERN.test(label)) {
      return invalidDomain(text, `the label ${label} may hold only letters, digits, '-' and '_'`);
    }
    if (label.startsWith('-') || label.endsWith('-')) {
      return invalidDomain(text, `the label ${label} starts or ends with '-'`);
    }
  }
  if (/^\d+$/.test(labels.at(-1)!))
    return invalidDomain(text, 'the last label cannot be all digits');
  return { type: 'domain', canonical: name };
}
