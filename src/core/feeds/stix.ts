/**
 * STIX 2.1 bundles (or a single object, or an array of objects) → {@link FeedEvent}s. The whole
 * document is read at `end`. Three object types name addresses:
 *
 * - `indicator` with a STIX pattern: every `ipv4-addr:value`, `ipv6-addr:value`,
 *   `domain-name:value` and `url:value` equality in it gives one event, whatever joins them
 *   (OR, AND, several observation expressions). Other pattern languages give nothing.
 * - `sighting` of an indicator in the same bundle: the indicator's values, seen at the sighting's
 *   time. A sighting of anything else (an attack pattern, a malware) gives nothing.
 * - `observed-data`: the address SCOs it references (`object_refs`) or embeds (the deprecated
 *   `objects` dictionary).
 *
 * SCOs standing alone in a bundle give nothing: without an indicator or an observation around them
 * they are context (an infrastructure's members, a relationship's ends), not something reported.
 * Every record of an object carries the object's 1-based position in the bundle as `line` and the
 * object's JSON as `raw`.
 */
import type { FeedEvent, FeedParser, ParsedRecord, Severity } from './event.js';
import {
  domainName,
  FieldError,
  isObject,
  newEvent,
  optionalIp,
  parseDocument,
  parseTimestamp,
  quote,
  rsitFromTag,
  slugify,
  toRecord,
} from './fields.js';

type StixObject = Record<string, unknown>;

const ADDRESS_TYPES = ['ipv4-addr', 'ipv6-addr', 'domain-name', 'url'] as const;
type AddressType = (typeof ADDRESS_TYPES)[number];

interface Address {
  type: AddressType;
  value: string;
}

/** What an indicator says about its values, shared by its sightings. */
interface Verdict {
  identifier: string;
  rsit: string;
  severity: Severity;
  detail: string | null;
}

export class StixParser implements FeedParser {
  private readonly chunks: string[] = [];

  push(chunk: string): ParsedRecord[] {
    this.chunks.push(chunk);
    return [];
  }

  end(): ParsedRecord[] {
    return stixRecords(parseDocument('STIX', this.chunks.join('')));
  }
}

function objectsOf(document: unknown): unknown[] {
  if (Array.isArray(document)) return document;
  if (isObject(document)) {
    if (Array.isArray(document.objects)) return document.objects;
    if (typeof document.type === 'string') return [document];
  }
  throw new Error('STIX: expected a bundle, a STIX object or an array of STIX objects.');
}

export function stixRecords(document: unknown): ParsedRecord[] {
  const objects = objectsOf(document);
  const byId = new Map<string, StixObject>();
  for (const object of objects) {
    if (isObject(object) && typeof object.id === 'string') byId.set(object.id, object);
  }
  const out: ParsedRecord[] = [];
  objects.forEach((object, i) => {
    if (isObject(object)) out.push(...objectRecords(object, i + 1, byId));
  });
  return out;
}

function objectRecords(
  object: StixObject,
  line: number,
  byId: ReadonlyMap<string, StixObject>,
): ParsedRecord[] {
  switch (object.type) {
    case 'indicator':
      return records(object, line, patternAddresses(object), verdictOf(object), [
        'valid_from',
        'modified',
        'created',
      ]);
    case 'sighting': {
      const ref =
        typeof object.sighting_of_ref === 'string' ? byId.get(object.sighting_of_ref) : undefined;
      if (ref?.type !== 'indicator') return [];
      return records(object, line, patternAddresses(ref), verdictOf(ref), [
        'last_seen',
        'first_seen',
        'created',
      ]);
    }
    case 'observed-data':
      return records(object, line, observedAddresses(object, byId), OBSERVED, [
        'last_observed',
        'first_observed',
        'modified',
        'created',
      ]);
    default:
      return [];
  }
}

/** Observed data states that something was seen, not that it is bad: triage decides. */
const OBSERVED: Verdict = {
  identifier: 'observed-data',
  rsit: 'other/undetermined',
  severity: 'info',
  detail: null,
};

/** One record per address; the object's time is checked only when it has addresses to report. */
function records(
  object: StixObject,
  line: number,
  addresses: Address[],
  verdict: Verdict,
  timeFields: readonly string[],
): ParsedRecord[] {
  if (addresses.length === 0) return [];
  const raw = JSON.stringify(object);
  let observedAt: string;
  try {
    observedAt = timeOf(object, timeFields);
  } catch (error) {
    if (error instanceof FieldError) return [{ line, error: error.message, raw }];
    throw error;
  }
  return addresses.map((address) =>
    toRecord(line, raw, () => {
      const event = newEvent(observedAt, verdict.identifier, verdict.rsit, verdict.severity, raw);
      event.detail = verdict.detail;
      setAddress(event, address);
      return event;
    }),
  );
}

/** The first of `fields` the object has, as ISO UTC. */
function timeOf(object: StixObject, fields: readonly string[]): string {
  for (const field of fields) {
    const value = object[field];
    if (value === undefined) continue;
    const iso = typeof value === 'string' ? parseTimestamp(value) : null;
    if (iso === null) throw new FieldError(field, `${quote(String(value))} is not a timestamp`);
    return iso;
  }
  throw new FieldError(fields[0]!, 'missing');
}

function setAddress(event: FeedEvent, { type, value }: Address): void {
  const field = `${type}:value`;
  switch (type) {
    case 'ipv4-addr':
    case 'ipv6-addr': {
      const ip = optionalIp(field, value);
      if (ip === null) throw new FieldError(field, 'missing');
      event.ip = ip;
      return;
    }
    case 'domain-name':
      event.hostname = domainName(field, value);
      return;
    case 'url':
      if (value.trim() === '') throw new FieldError(field, 'missing');
      event.url = value.trim();
      return;
  }
}

/** Equality comparisons on an address object's `value`, in STIX pattern syntax. */
const COMPARISON = /\b(ipv4-addr|ipv6-addr|domain-name|url):value\s*=\s*'((?:[^'\\]|\\.)*)'/g;

function patternAddresses(indicator: StixObject): Address[] {
  const { pattern } = indicator;
  // STIX 2.0 indicators have no pattern_type; their patterns are STIX patterns.
  const language = indicator.pattern_type ?? 'stix';
  if (typeof pattern !== 'string' || language !== 'stix') return [];
  const seen = new Set<string>();
  const addresses: Address[] = [];
  for (const match of pattern.matchAll(COMPARISON)) {
    const type = match[1] as AddressType;
    const value = match[2]!.replace(/\\(.)/g, '$1');
    const key = `${type} ${value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    addresses.push({ type, value });
  }
  return addresses;
}

function isAddress(object: unknown): object is StixObject & { type: AddressType; value: string } {
  return (
    isObject(object) &&
    (ADDRESS_TYPES as readonly unknown[]).includes(object.type) &&
    typeof object.value === 'string'
  );
}

function observedAddresses(observed: StixObject, byId: ReadonlyMap<string, StixObject>): Address[] {
  const scos: unknown[] = [];
  if (Array.isArray(observed.object_refs)) {
    for (const ref of observed.object_refs) if (typeof ref === 'string') scos.push(byId.get(ref));
  }
  if (isObject(observed.objects)) scos.push(...Object.values(observed.objects));
  return scos.filter(isAddress).map(({ type, value }) => ({ type, value }));
}

function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

const C2_WORDS = /\b(?:c2|c&c|cnc|command[- ]and[- ]control)\b/i;

/**
 * An indicator's identifier and RSIT pair. An `rsit:` machine tag among its labels wins; otherwise
 * the pair is guessed from its types, labels and name: C2 → c2-server, phishing → phishing,
 * `compromised` → system-compromise, anything else other/other.
 */
function verdictOf(indicator: StixObject): Verdict {
  const types = strings(indicator.indicator_types);
  const labels = strings(indicator.labels);
  const name = typeof indicator.name === 'string' ? indicator.name.trim() : '';
  const description = typeof indicator.description === 'string' ? indicator.description : '';
  const words = [...types, ...labels, name, description].join(' ');

  let rsit = labels.map(rsitFromTag).find((pair) => pair !== null) ?? null;
  if (rsit === null) {
    if (C2_WORDS.test(words)) rsit = 'malicious-code/c2-server';
    else if (/phish/i.test(words)) rsit = 'fraud/phishing';
    else if (types.includes('compromised')) rsit = 'intrusions/system-compromise';
    else rsit = 'other/other';
  }
  const identifier = slugify(types[0] ?? '') || slugify(name) || 'stix-indicator';
  return { identifier, rsit, severity: 'medium', detail: name === '' ? null : name };
}
