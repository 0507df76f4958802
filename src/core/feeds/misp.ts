/**
 * MISP JSON → {@link FeedEvent}s, one per address attribute. The whole document is read at `end`.
 *
 * Accepted shapes: `{ Event }`, a bare event, `{ response: [...] }` (events or an attribute
 * search result), a bare attribute, an array of any of these, and sightings (which name no
 * address, so give no records). Anything else — a taxonomy, a galaxy — is a thrown Error: it was
 * fed here by mistake and silence would hide that.
 *
 * Attributes are read from `Event.Attribute` and `Event.Object[].Attribute`. Address types:
 * `ip-src`, `ip-dst` (and their `|port` forms), `domain`, `hostname` (and `hostname|port`),
 * `domain|ip`, `url`. `link` is left out: it points at a write-up about the event, not at a
 * host that did anything. Attributes with `to_ids: false` are kept (that flag is about IDS
 * export, not truth); deleted ones are skipped. A record's `line` is the attribute's 1-based
 * position among all attributes of the document, addressable or not.
 */
import type { FeedEvent, FeedParser, ParsedRecord, Severity } from './event.js';
import {
  domainName,
  FieldError,
  isObject,
  newEvent,
  optionalIp,
  optionalPort,
  parseDocument,
  parseEpochSeconds,
  parseTimestamp,
  quote,
  rsitFromTag,
  slugify,
  toRecord,
} from './fields.js';

type Json = Record<string, unknown>;

/** What an attribute inherits from its event; empty for a bare attribute. */
interface EventContext {
  info: string | null;
  date: unknown;
  timestamp: unknown;
  tags: string[];
  galaxies: string[];
  severity: Severity;
}

const NO_EVENT: EventContext = {
  info: null,
  date: undefined,
  timestamp: undefined,
  tags: [],
  galaxies: [],
  severity: 'medium',
};

/** MISP `threat_level_id`: 1 high, 2 medium, 3 low, 4 undefined. */
const THREAT_LEVELS: Readonly<Record<string, Severity>> = {
  '1': 'high',
  '2': 'medium',
  '3': 'low',
};

/** Attribute types that name an address; see the module comment for `link`. */
const ADDRESS_TYPES = new Set([
  'ip-src',
  'ip-dst',
  'ip-src|port',
  'ip-dst|port',
  'domain',
  'hostname',
  'hostname|port',
  'domain|ip',
  'url',
]);

export class MispParser implements FeedParser {
  private readonly chunks: string[] = [];

  push(chunk: string): ParsedRecord[] {
    this.chunks.push(chunk);
    return [];
  }

  end(): ParsedRecord[] {
    return mispRecords(parseDocument('MISP', this.chunks.join('')));
  }
}

export function mispRecords(document: unknown): ParsedRecord[] {
  const walk = new Walk();
  walk.document(document);
  return walk.out;
}

class Walk {
  readonly out: ParsedRecord[] = [];
  private ordinal = 0;

  document(doc: unknown): void {
    if (Array.isArray(doc)) {
      for (const item of doc) this.document(item);
      return;
    }
    if (!isObject(doc)) throw new Error('MISP: expected a JSON object or array.');
    if (isObject(doc.Event)) return this.event(doc.Event);
    if (doc.response !== undefined) return this.document(doc.response);
    if ('Attribute' in doc || 'Object' in doc || typeof doc.info === 'string') {
      return this.event(doc);
    }
    if ('Sighting' in doc || 'date_sighting' in doc) return;
    if (typeof doc.type === 'string' && 'value' in doc) return this.attribute(doc, NO_EVENT);
    const keys = Object.keys(doc).slice(0, 5).join(', ');
    throw new Error(
      `MISP: not an event, attribute or sighting (top-level keys: ${keys || 'none'}); a taxonomy or galaxy file cannot be imported as a feed.`,
    );
  }

  private event(event: Json): void {
    const context: EventContext = {
      info: typeof event.info === 'string' && event.info.trim() !== '' ? event.info.trim() : null,
      date: event.date,
      timestamp: event.timestamp,
      tags: tagNames(event),
      galaxies: galaxyValues(event),
      severity: THREAT_LEVELS[String(event.threat_level_id)] ?? 'medium',
    };
    for (const attribute of list(event.Attribute)) this.attribute(attribute, context);
    for (const object of list(event.Object)) {
      for (const attribute of list(object.Attribute)) this.attribute(attribute, context);
    }
  }

  private attribute(attribute: Json, context: EventContext): void {
    const line = ++this.ordinal;
    if (attribute.deleted === true) return;
    const type = typeof attribute.type === 'string' ? attribute.type : '';
    if (!ADDRESS_TYPES.has(type)) return;
    this.out.push(
      toRecord(line, JSON.stringify(attribute), () => attributeEvent(attribute, type, context)),
    );
  }
}

function list(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

/** Tag names from `Tag: [{ name }]` or, in some exports, `EventTag: [{ Tag: { name } }]`. */
function tagNames(holder: Json): string[] {
  const tags = [
    ...list(holder.Tag),
    ...list(holder.EventTag)
      .map((t) => t.Tag)
      .filter(isObject),
  ];
  return tags.map((tag) => tag.name).filter((name): name is string => typeof name === 'string');
}

function galaxyValues(event: Json): string[] {
  return list(event.Galaxy)
    .flatMap((galaxy) => list(galaxy.GalaxyCluster))
    .map((cluster) => cluster.value)
    .filter((value): value is string => typeof value === 'string');
}

const GALAXY_TAG = /^misp-galaxy:[^=]+="([^"]+)"$/;

function galaxyOfTags(tags: readonly string[]): string | null {
  for (const tag of tags) {
    const match = GALAXY_TAG.exec(tag);
    if (match) return match[1]!;
  }
  return null;
}

function attributeEvent(attribute: Json, type: string, context: EventContext): FeedEvent {
  if (typeof attribute.value !== 'string' || attribute.value.trim() === '') {
    throw new FieldError('value', 'missing');
  }
  const value = attribute.value.trim();
  const tags = tagNames(attribute);
  // A galaxy (the malware, the actor) is the most specific name; then the event's title.
  const name =
    galaxyOfTags(tags) ?? context.galaxies[0] ?? galaxyOfTags(context.tags) ?? context.info;
  const identifier = (name === null ? '' : slugify(name)) || `misp-${slugify(type)}`;
  const rsit =
    [...tags, ...context.tags].map(rsitFromTag).find((pair) => pair !== null) ?? 'other/other';
  const comment = typeof attribute.comment === 'string' ? attribute.comment.trim() : '';

  const event = newEvent(
    observedAt(attribute, context),
    identifier,
    rsit,
    context.severity,
    JSON.stringify(attribute),
  );
  event.detail = comment || context.info;
  const [first, second] = splitPair(value, type.includes('|'));
  switch (type) {
    case 'ip-src':
    case 'ip-dst':
      event.ip = optionalIp('value', first);
      break;
    case 'ip-src|port':
    case 'ip-dst|port':
      event.ip = optionalIp('value', first);
      event.port = optionalPort('value', second);
      break;
    case 'domain':
    case 'hostname':
      event.hostname = domainName('value', first);
      break;
    case 'hostname|port':
      event.hostname = domainName('value', first);
      event.port = optionalPort('value', second);
      break;
    case 'domain|ip':
      event.hostname = domainName('value', first);
      event.ip = optionalIp('value', second);
      break;
    default:
      event.url = first;
  }
  if (event.ip === null && event.hostname === null && event.url === null) {
    throw new FieldError('value', `${quote(value)} names no address`);
  }
  return event;
}

/** `a|b` composite values split at the last bar (an IPv6 address has none, a port never does). */
function splitPair(value: string, composite: boolean): [string, string] {
  if (!composite) return [value, ''];
  const bar = value.lastIndexOf('|');
  if (bar < 0) throw new FieldError('value', `${quote(value)} is not a value|value pair`);
  return [value.slice(0, bar).trim(), value.slice(bar + 1).trim()];
}

/** The attribute's `timestamp` (epoch seconds), else its event's `date`, else the event's `timestamp`. */
function observedAt(attribute: Json, context: EventContext): string {
  const candidates: [string, unknown, (value: string | number) => string | null][] = [
    ['timestamp', attribute.timestamp, parseEpochSeconds],
    ['date', context.date, (value) => (typeof value === 'string' ? parseTimestamp(value) : null)],
    ['timestamp', context.timestamp, parseEpochSeconds],
  ];
  for (const [field, value, parse] of candidates) {
    if (value === undefined || value === null || value === '') continue;
    const iso = typeof value === 'string' || typeof value === 'number' ? parse(value) : null;
    if (iso === null) throw new FieldError(field, `${quote(String(value))} is not a timestamp`);
    return iso;
  }
  throw new FieldError('timestamp', 'missing');
}
