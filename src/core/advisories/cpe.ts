import { validationError } from '../errors.js';

/**
 * CPE names as NIST IR 7695 (CPE Naming 2.3) defines them, and name matching as NIST IR 7696
 * (CPE Name Matching 2.3) defines it. A name is held as a well-formed name (WFN): eleven
 * attributes, each the logical value ANY or NA, or a string in WFN form, where every character
 * other than a letter, digit or `_` is quoted with `\` (`8\.0\.6001`), except the wildcards `*`
 * and `?`, which stay unquoted (`8\.*`).
 */

export const CPE_ATTRIBUTES = [
  'part',
  'vendor',
  'product',
  'version',
  'update',
  'edition',
  'language',
  'sw_edition',
  'target_sw',
  'target_hw',
  'other',
] as const;
export type CpeAttribute = (typeof CPE_ATTRIBUTES)[number];

/**
 * `ANY`, `NA`, or a string in WFN form. A name whose value is literally spelt `ANY` or `NA` has it
 * kept in lowercase, which matching treats the same (it ignores case), so it is never taken for
 * the logical value.
 */
export type WfnValue = 'ANY' | 'NA' | string;

export interface Wfn {
  part: WfnValue;
  vendor: WfnValue;
  product: WfnValue;
  version: WfnValue;
  update: WfnValue;
  edition: WfnValue;
  language: WfnValue;
  sw_edition: WfnValue;
  target_sw: WfnValue;
  target_hw: WfnValue;
  other: WfnValue;
}

/** How a source attribute value relates to a target one (NIST IR 7696, Table 6-1). */
export type Relation = 'EQUAL' | 'SUPERSET' | 'SUBSET' | 'DISJOINT' | 'UNDEFINED';

const FS_PREFIX = 'cpe:2.3:';
const URI_PREFIX = 'cpe:/';
/** The printable non-alphanumeric characters a 2.2 URI may percent-encode (NIST IR 7695, 6.1.2.3). */
const URI_ENCODABLE = '!"#$%&\'()*+,/:;<=>?@[\\]^`{|}~';

function refuse(reason: string): never {
  throw validationError([{ field: 'cpe', reason }], `Not a valid CPE name: ${reason}`);
}

/** Reads a CPE 2.3 formatted string (`cpe:2.3:…`) or a CPE 2.2 URI (`cpe:/…`). */
export function parseCpe(text: string): Wfn {
  if (!/^[\x21-\x7e]*$/.test(text)) {
    refuse('may hold only printable ASCII characters, without spaces');
  }
  const lower = text.toLowerCase();
  if (lower.startsWith(FS_PREFIX)) return unbindFormattedString(text.slice(FS_PREFIX.length));
  if (lower.startsWith(URI_PREFIX)) return unbindUri(text.slice(URI_PREFIX.length));
  return refuse(
    `must start with "${FS_PREFIX}" (CPE 2.3 formatted string) or "${URI_PREFIX}" (CPE 2.2 URI)`,
  );
}

/** The CPE 2.3 formatted string of a WFN (NIST IR 7695, 6.2.2). */
export function formatCpe(wfn: Wfn): string {
  return FS_PREFIX + CPE_ATTRIBUTES.map((attribute) => bindForFs(wfn[attribute])).join(':');
}

/** Compares each attribute of the source with the target's, in `CPE_ATTRIBUTES` order. */
export function compareCpe(source: Wfn, target: Wfn): Relation[] {
  return CPE_ATTRIBUTES.map((attribute) => compareValues(source[attribute], target[attribute]));
}

/**
 * NIST IR 7696's CPE_SUPERSET: true when every product the target names is also named by the
 * source, i.e. every attribute relation is SUPERSET or EQUAL.
 */
export function cpeMatches(source: string | Wfn, target: string | Wfn): boolean {
  return compareCpe(asWfn(source), asWfn(target)).every(
    (relation) => relation === 'SUPERSET' || relation === 'EQUAL',
  );
}

/**
 * Vendor, product and version as people write them (`foo\\bar` → `foo\bar`); null where the
 * name leaves them open (ANY, NA, or a value with wildcards).
 */
export function cpeVendorProduct(cpe: string | Wfn): {
  vendor: string | null;
  product: string | null;
  version: string | null;
} {
  const wfn = asWfn(cpe);
  return {
    vendor: readable(wfn.vendor),
    product: readable(wfn.product),
    version: readable(wfn.version),
  };
}

function asWfn(cpe: string | Wfn): Wfn {
  return typeof cpe === 'string' ? parseCpe(cpe) : cpe;
}

function isLogical(value: WfnValue): value is 'ANY' | 'NA' {
  return value === 'ANY' || value === 'NA';
}

/** Splits a WFN string into its characters, a quoted one (`\.`) counting as one. */
function characters(value: string): string[] {
  return value.match(/\\.|./gs) ?? [];
}

function isWildcard(character: string): boolean {
  return character === '*' || character === '?';
}

function readable(value: WfnValue): string | null {
  if (isLogical(value)) return null;
  const chars = characters(value);
  return chars.some(isWildcard) ? null : chars.map((c) => c.slice(-1)).join('');
}

function buildWfn(valueOf: (attribute: CpeAttribute, index: number) => WfnValue): Wfn {
  const wfn = {} as Wfn;
  CPE_ATTRIBUTES.forEach((attribute, index) => {
    wfn[attribute] = checkValue(attribute, valueOf(attribute, index));
  });
  return wfn;
}

/** NIST IR 7695, 6.2.3: fields split at unquoted colons; missing trailing fields are ANY. */
function unbindFormattedString(body: string): Wfn {
  const fields = splitAtUnquotedColons(body);
  if (fields.length > CPE_ATTRIBUTES.length) {
    refuse(`has ${fields.length} attributes after "${FS_PREFIX}"; CPE 2.3 has 11`);
  }
  return buildWfn((attribute, index) => {
    const field = fields[index];
    return field === undefined ? 'ANY' : unbindFsValue(attribute, field);
  });
}

function splitAtUnquotedColons(body: string): string[] {
  const fields: string[] = [];
  let current = '';
  for (let i = 0; i < body.length; i++) {
    const c = body.charAt(i);
    if (c === ':') {
      fields.push(current);
      current = '';
    } else if (c === '\\') {
      if (i + 1 === body.length) refuse('ends with a lone escape character "\\"');
      current += c + body.charAt(++i);
    } else {
      current += c;
    }
  }
  fields.push(current);
  return fields;
}

function unbindFsValue(attribute: CpeAttribute, field: string): WfnValue {
  if (field === '') refuse(`${attribute} is empty; "*" stands for ANY and "-" for NA`);
  if (field === '*') return 'ANY';
  if (field === '-') return 'NA';
  // Quoted characters stay quoted; other punctuation (the `.`, `-` a formatted string leaves
  // bare) gets quoted; the wildcards stay unquoted.
  const value = characters(field)
    .map((c) => (c.length === 2 || /[A-Za-z0-9_*?]/.test(c) ? c : `\\${c}`))
    .join('');
  return keepApartFromLogical(value);
}

function keepApartFromLogical(value: string): string {
  return isLogical(value) ? value.toLowerCase() : value;
}

/** NIST IR 7695, 6.1.3: up to seven components; the edition may pack five attributes. */
function unbindUri(body: string): Wfn {
  const components = body.split(':');
  if (components.length > 7) {
    refuse(
      `has ${components.length} components after "${URI_PREFIX}"; a CPE 2.2 URI has at most 7`,
    );
  }
  const [part, vendor, product, version, update, edition = '', language] = components;
  const raw: Partial<Record<CpeAttribute, string>> = {
    part,
    vendor,
    product,
    version,
    update,
    language,
    ...(edition.startsWith('~') ? unpackEdition(edition) : { edition }),
  };
  return buildWfn((attribute) => decodeUriValue(attribute, raw[attribute] ?? ''));
}

/** `~edition~sw_edition~target_sw~target_hw~other`: how a URI carries the 2.3 attributes. */
function unpackEdition(packed: string): Partial<Record<CpeAttribute, string>> {
  const values = packed.slice(1).split('~');
  if (values.length !== 5) {
    refuse(`the packed edition "${packed}" must hold five values, each after a "~"`);
  }
  const [edition, sw_edition, target_sw, target_hw, other] = values;
  return { edition, sw_edition, target_sw, target_hw, other };
}

function decodeUriValue(attribute: CpeAttribute, component: string): WfnValue {
  if (component === '') return 'ANY';
  if (component === '-') return 'NA';
  const text = component.toLowerCase();
  let value = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (/[a-z0-9_]/.test(c)) {
      value += c;
    } else if (c === '.' || c === '-' || c === '~') {
      value += `\\${c}`;
    } else if (c === '%') {
      value += decodePercent(attribute, text.slice(i, i + 3));
      i += 2;
    } else {
      refuse(`${attribute}: "${c}" must be percent-encoded in a CPE 2.2 URI`);
    }
  }
  return value;
}

function decodePercent(attribute: CpeAttribute, form: string): string {
  // %01 and %02 are the URI binding's forms of the unquoted wildcards ? and *.
  if (form === '%01') return '?';
  if (form === '%02') return '*';
  const decoded = /^%[0-9a-f]{2}$/.test(form)
    ? String.fromCharCode(parseInt(form.slice(1), 16))
    : '';
  if (decoded === '' || !URI_ENCODABLE.includes(decoded)) {
    refuse(`${attribute}: "${form}" is not a percent-encoding a CPE 2.2 URI allows`);
  }
  return `\\${decoded}`;
}

/** The value rules of NIST IR 7695, 5.3 (and 5.2 of NIST IR 7696 for wildcards). */
function checkValue(attribute: CpeAttribute, value: WfnValue): WfnValue {
  if (isLogical(value)) return value;
  if (attribute === 'part' && !['a', 'o', 'h'].includes(value)) {
    refuse(`part must be "a", "o" or "h", not "${value}"`);
  }
  if (attribute === 'language' && !/^[a-z]{2,3}(\\-([a-z]{2}|[0-9]{3}))?$/i.test(value)) {
    refuse(`language must be a language tag such as "en-us", not "${value}"`);
  }
  const chars = characters(value);
  const quotedAlphanumeric = chars.find((c) => /^\\[A-Za-z0-9]$/.test(c));
  if (quotedAlphanumeric) {
    refuse(`${attribute}: "${quotedAlphanumeric}" quotes a letter or digit`);
  }
  if (value === '\\-') refuse(`${attribute}: a quoted hyphen alone is not a value`);
  const { body } = splitWildcards(chars);
  if (body.some(isWildcard) || (body.length === 0 && !chars.every((c) => c === '?'))) {
    refuse(
      `${attribute} "${value}": an unquoted "*" (once) or a run of unquoted "?" may stand only at the start or the end of a value`,
    );
  }
  return value;
}

/**
 * Splits a value into its leading wildcards, its body and its trailing wildcards, with how many
 * characters each end may stand for: any number for `*`, up to n for n `?` (NIST IR 7696, 6.3:
 * `?` matches zero or one character).
 */
function splitWildcards(chars: string[]): { lead: number; body: string[]; trail: number } {
  const body = [...chars];
  let lead = 0;
  let trail = 0;
  if (body[0] === '*') {
    body.shift();
    lead = Infinity;
  } else {
    while (body[0] === '?') {
      body.shift();
      lead++;
    }
  }
  if (body.length > 0 && body.at(-1) === '*') {
    body.pop();
    trail = Infinity;
  } else {
    while (body.length > 0 && body.at(-1) === '?') {
      body.pop();
      trail++;
    }
  }
  return { lead, body, trail };
}

/** NIST IR 7696, 7.3 compare(): Table 6-2 in the order the specification evaluates it. */
function compareValues(source: WfnValue, target: WfnValue): Relation {
  const s = isLogical(source) ? source : source.toLowerCase();
  const t = isLogical(target) ? target : target.toLowerCase();
  if (!isLogical(t) && characters(t).some(isWildcard)) return 'UNDEFINED';
  if (s === t) return 'EQUAL';
  if (s === 'ANY') return 'SUPERSET';
  if (t === 'ANY') return 'SUBSET';
  if (s === 'NA' || t === 'NA') return 'DISJOINT';
  return wildcardMatches(s, t) ? 'SUPERSET' : 'DISJOINT';
}

/** Whether the source, read as a pattern with wildcards at its ends, matches the whole target. */
function wildcardMatches(source: string, target: string): boolean {
  const { lead, body, trail } = splitWildcards(characters(source));
  const text = characters(target);
  const lastStart = Math.min(lead, text.length - body.length);
  for (let start = 0; start <= lastStart; start++) {
    const after = text.length - start - body.length;
    if (after <= trail && body.every((c, i) => c === text[start + i])) return true;
  }
  return false;
}

/** NIST IR 7695, 6.2.2: `.`, `-` and `_` go bare in a formatted string; other quoting stays. */
function bindForFs(value: WfnValue): string {
  if (value === 'ANY') return '*';
  if (value === 'NA') return '-';
  return characters(value)
    .map((c) => (/^\\[.\-_]$/.test(c) ? c.slice(1) : c))
    .join('');
}
