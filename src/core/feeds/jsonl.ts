/**
 * JSON Lines: one JSON object per line, with the {@link FeedEvent} field names. Blank lines are
 * skipped; `raw` is the line itself (whatever `raw` the object carries is ignored).
 *
 * Required: `observedAt` (ISO 8601), `identifier` (slugified), `rsit` (`classification/type`) and
 * at least one of `ip`, `hostname`, `url`. `severity` defaults to `medium`; numbers may be given
 * as JSON numbers or decimal text.
 */
import type { FeedEvent, FeedParser, ParsedRecord } from './event.js';
import {
  domainName,
  FieldError,
  newEvent,
  optionalAsn,
  optionalIp,
  optionalPort,
  parseRsit,
  quote,
  requiredTimestamp,
  severityOf,
  slugify,
  toRecord,
} from './fields.js';

const CR = 13;
const BOM = 0xfeff;

export class JsonLinesParser implements FeedParser {
  private rest = '';
  private started = false;
  private line = 1;

  push(chunk: string): ParsedRecord[] {
    return this.read(chunk, false);
  }

  end(): ParsedRecord[] {
    return this.read('', true);
  }

  private read(chunk: string, final: boolean): ParsedRecord[] {
    let text = this.rest === '' ? chunk : this.rest + chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === BOM) text = text.slice(1);
    }
    const out: ParsedRecord[] = [];
    let pos = 0;
    for (;;) {
      let nl = text.indexOf('\n', pos);
      if (nl === -1) {
        if (!final || pos >= text.length) break;
        nl = text.length;
      }
      const end = nl > pos && text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
      const raw = text.slice(pos, end);
      if (raw.trim() !== '') out.push(toRecord(this.line, raw, () => lineEvent(raw)));
      this.line++;
      pos = nl + 1;
    }
    this.rest = pos < text.length ? text.slice(pos) : '';
    return out;
  }
}

/** Reads one line's object; a bad field throws a {@link FieldError} naming it. */
function lineEvent(raw: string): FeedEvent {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw new FieldError('json', `not valid JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FieldError('json', 'the line is not a JSON object');
  }
  const o = value as Record<string, unknown>;

  const observedAt = requiredTimestamp('observedAt', text(o, 'observedAt') ?? undefined);
  const identifier = slugify(text(o, 'identifier') ?? '');
  if (identifier === '') throw new FieldError('identifier', 'missing');
  const rsitText = text(o, 'rsit');
  if (rsitText === null) throw new FieldError('rsit', 'missing');
  const rsit = parseRsit(rsitText);
  if (rsit === null) {
    throw new FieldError('rsit', `${quote(rsitText)} is not an RSIT classification/type pair`);
  }
  const event = newEvent(
    observedAt,
    identifier,
    rsit,
    severityOf('severity', text(o, 'severity') ?? undefined, 'medium'),
    raw,
  );
  event.ip = optionalIp('ip', text(o, 'ip') ?? undefined);
  event.port = optionalPort('port', numeric(o, 'port'));
  event.asn = optionalAsn('asn', numeric(o, 'asn'));
  const hostname = text(o, 'hostname');
  event.hostname = hostname === null ? null : domainName('hostname', hostname);
  event.url = text(o, 'url');
  event.protocol = text(o, 'protocol');
  event.dstIp = optionalIp('dstIp', text(o, 'dstIp') ?? undefined);
  event.dstPort = optionalPort('dstPort', numeric(o, 'dstPort'));
  event.detail = text(o, 'detail');
  if (event.ip === null && event.hostname === null && event.url === null) {
    throw new FieldError('ip', 'missing; a line needs an ip, a hostname or a url');
  }
  return event;
}

/** A string field, trimmed; null when absent, null or empty. */
function text(o: Record<string, unknown>, field: string): string | null {
  const value = o[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new FieldError(field, 'expected a string');
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** A number field given as a JSON number or as text; undefined when absent or null. */
function numeric(o: Record<string, unknown>, field: string): string | number | undefined {
  const value = o[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' && typeof value !== 'string') {
    throw new FieldError(field, 'expected a number');
  }
  return value;
}
