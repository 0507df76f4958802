/**
 * Any CSV feed with a header, read through a mapping that says which column holds each event
 * field and what the feed's events are. Columns are found by header name (trimmed, any case).
 *
 * ```json
 * {
 *   "columns": { "observedAt": "time", "ip": "src", "port": "src_port", "detail": "family" },
 *   "identifier": "botnet-drone",
 *   "rsit": "malicious-code/infected-system",
 *   "severity": { "column": "level" },
 *   "timeFormat": "iso"
 * }
 * ```
 */
import { HeaderedCsvParser } from './csv.js';
import { SEVERITIES, type FeedEvent, type Severity } from './event.js';
import {
  domainName,
  FieldError,
  isObject,
  isSeverity,
  newEvent,
  optionalAsn,
  optionalIp,
  optionalPort,
  optionalText,
  parseRsit,
  quote,
  requiredEpochSeconds,
  requiredTimestamp,
  severityOf,
  slugify,
} from './fields.js';

/** Event field → the header name of the column holding it. */
export interface CsvColumns {
  observedAt: string;
  ip?: string;
  port?: string;
  asn?: string;
  /** Validated and canonicalised as a domain name. */
  hostname?: string;
  url?: string;
  protocol?: string;
  dstIp?: string;
  dstPort?: string;
  detail?: string;
}

export interface CsvMapping {
  columns: CsvColumns;
  /** A fixed slug for every row, or a column whose text is slugified per row. */
  identifier: string | { column: string };
  /** `classification/type`, one of RSIT_CLASSES (legacy spellings are accepted and converted). */
  rsit: string;
  /** A fixed severity, or a column read per row (an empty cell is `medium`). Default `medium`. */
  severity?: Severity | { column: string };
  /** `iso`: ISO 8601 / `YYYY-MM-DD HH:MM:SS`, UTC unless an offset is given. Default `iso`. */
  timeFormat?: TimeFormat;
}

export const TIME_FORMATS = ['iso', 'epoch-seconds'] as const;
export type TimeFormat = (typeof TIME_FORMATS)[number];

const DEFAULT_SEVERITY: Severity = 'medium';

const COLUMN_FIELDS = [
  'observedAt',
  'ip',
  'port',
  'asn',
  'hostname',
  'url',
  'protocol',
  'dstIp',
  'dstPort',
  'detail',
] as const satisfies readonly (keyof CsvColumns)[];

const MAPPING_FIELDS = ['columns', 'identifier', 'rsit', 'severity', 'timeFormat'];

function invalid(field: string, reason: string): Error {
  return new Error(`CSV mapping: ${field}: ${reason}`);
}

function columnName(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalid(field, 'expected a column name (non-empty text)');
  }
  return value.trim();
}

/** A `{ "column": "<header>" }` object, or null when `value` is not an object. */
function columnRef(field: string, value: unknown): { column: string } | null {
  if (!isObject(value)) return null;
  const extra = Object.keys(value).find((key) => key !== 'column');
  if (extra !== undefined) {
    throw invalid(`${field}.${extra}`, 'unknown field; expected only "column"');
  }
  return { column: columnName(`${field}.column`, value.column) };
}

/**
 * Checks a mapping read from JSON (a saved feed definition, an API body) and returns it with the
 * RSIT pair in its current spelling. Throws an Error naming the first bad field and why.
 */
export function parseCsvMapping(json: unknown): CsvMapping {
  if (!isObject(json)) throw new Error('CSV mapping: expected a JSON object');
  const unknownField = Object.keys(json).find((key) => !MAPPING_FIELDS.includes(key));
  if (unknownField !== undefined) {
    throw invalid(unknownField, `unknown field; expected ${MAPPING_FIELDS.join(', ')}`);
  }

  if (!isObject(json.columns)) throw invalid('columns', 'expected an object of field → column');
  const columns: CsvColumns = {
    observedAt: columnName('columns.observedAt', json.columns.observedAt),
  };
  for (const [field, value] of Object.entries(json.columns)) {
    // A mapping built in code may spell an unmapped field as `undefined`.
    if (value === undefined) continue;
    if (!(COLUMN_FIELDS as readonly string[]).includes(field)) {
      throw invalid(`columns.${field}`, `unknown field; expected ${COLUMN_FIELDS.join(', ')}`);
    }
    columns[field as keyof CsvColumns] = columnName(`columns.${field}`, value);
  }
  if (columns.ip === undefined && columns.hostname === undefined && columns.url === undefined) {
    throw invalid('columns', 'map at least one of ip, hostname and url: an event needs an address');
  }

  let identifier: CsvMapping['identifier'];
  const identifierColumn = columnRef('identifier', json.identifier);
  if (identifierColumn !== null) {
    identifier = identifierColumn;
  } else if (
    typeof json.identifier === 'string' &&
    json.identifier !== '' &&
    slugify(json.identifier) === json.identifier
  ) {
    identifier = json.identifier;
  } else {
    throw invalid(
      'identifier',
      'expected a slug such as "open-resolver", or { "column": "<header>" }',
    );
  }

  if (typeof json.rsit !== 'string') throw invalid('rsit', 'expected "classification/type" text');
  const rsit = parseRsit(json.rsit);
  if (rsit === null) {
    throw invalid('rsit', `${quote(json.rsit)} is not an RSIT classification/type pair`);
  }

  const mapping: CsvMapping = { columns, identifier, rsit };
  if (json.severity !== undefined) {
    const severityColumn = columnRef('severity', json.severity);
    if (severityColumn !== null) {
      mapping.severity = severityColumn;
    } else if (isSeverity(json.severity)) {
      mapping.severity = json.severity;
    } else {
      const expected = `expected one of ${SEVERITIES.join(', ')}, or { "column": "<header>" }`;
      throw invalid('severity', expected);
    }
  }
  if (json.timeFormat !== undefined) {
    if (!(TIME_FORMATS as readonly unknown[]).includes(json.timeFormat)) {
      throw invalid('timeFormat', `expected one of ${TIME_FORMATS.join(', ')}`);
    }
    mapping.timeFormat = json.timeFormat as TimeFormat;
  }
  return mapping;
}

/** Column positions and header names, resolved once from the header (-1: not mapped). */
interface Column {
  at: number;
  name: string;
}

const UNMAPPED: Column = { at: -1, name: '' };

function cellOf(fields: readonly string[], column: Column): string | undefined {
  return column.at < 0 ? undefined : fields[column.at];
}

export class GenericCsvParser extends HeaderedCsvParser {
  private readonly mapping: CsvMapping;
  private cols: Record<keyof CsvColumns | 'identifier' | 'severity', Column> | null = null;
  /** Header names of the address columns, for the "no address" error. */
  private addressNames = '';

  constructor(mapping: CsvMapping) {
    super();
    // Validated again so a mapping built in code gets the same checks as one read from JSON.
    this.mapping = parseCsvMapping(mapping);
  }

  protected override useHeader(header: ReadonlyMap<string, number>): void {
    const { mapping } = this;
    const resolve = (field: string, name: string | undefined): Column => {
      if (name === undefined) return UNMAPPED;
      const at = header.get(name.toLowerCase());
      if (at === undefined) {
        throw new Error(`CSV: the header has no "${name}" column (mapped to ${field}).`);
      }
      return { at, name };
    };
    const { columns } = mapping;
    this.cols = {
      observedAt: resolve('observedAt', columns.observedAt),
      ip: resolve('ip', columns.ip),
      port: resolve('port', columns.port),
      asn: resolve('asn', columns.asn),
      hostname: resolve('hostname', columns.hostname),
      url: resolve('url', columns.url),
      protocol: resolve('protocol', columns.protocol),
      dstIp: resolve('dstIp', columns.dstIp),
      dstPort: resolve('dstPort', columns.dstPort),
      detail: resolve('detail', columns.detail),
      identifier: resolve(
        'identifier',
        typeof mapping.identifier === 'string' ? undefined : mapping.identifier.column,
      ),
      severity: resolve(
        'severity',
        typeof mapping.severity === 'object' ? mapping.severity.column : undefined,
      ),
    };
    this.addressNames = [columns.ip, columns.hostname, columns.url]
      .filter((name) => name !== undefined)
      .join(', ');
  }

  protected override event(raw: string, f: readonly string[]): FeedEvent {
    const c = this.cols!;
    const { mapping } = this;

    const time = cellOf(f, c.observedAt);
    const observedAt =
      mapping.timeFormat === 'epoch-seconds'
        ? requiredEpochSeconds(c.observedAt.name, time)
        : requiredTimestamp(c.observedAt.name, time);

    let identifier: string;
    if (typeof mapping.identifier === 'string') {
      identifier = mapping.identifier;
    } else {
      identifier = slugify(cellOf(f, c.identifier) ?? '');
      if (identifier === '') throw new FieldError(c.identifier.name, 'missing');
    }

    const severity =
      typeof mapping.severity === 'object'
        ? severityOf(c.severity.name, cellOf(f, c.severity), DEFAULT_SEVERITY)
        : (mapping.severity ?? DEFAULT_SEVERITY);

    const event = newEvent(observedAt, identifier, mapping.rsit, severity, raw);
    event.ip = optionalIp(c.ip.name, cellOf(f, c.ip));
    event.port = optionalPort(c.port.name, cellOf(f, c.port));
    event.asn = optionalAsn(c.asn.name, cellOf(f, c.asn));
    const hostname = optionalText(cellOf(f, c.hostname));
    event.hostname = hostname === null ? null : domainName(c.hostname.name, hostname);
    event.url = optionalText(cellOf(f, c.url));
    event.protocol = optionalText(cellOf(f, c.protocol));
    event.dstIp = optionalIp(c.dstIp.name, cellOf(f, c.dstIp));
    event.dstPort = optionalPort(c.dstPort.name, cellOf(f, c.dstPort));
    event.detail = optionalText(cellOf(f, c.detail));
    if (event.ip === null && event.hostname === null && event.url === null) {
      throw new FieldError(
        this.addressNames,
        'missing; a row needs an IP address, a host name or a URL',
      );
    }
    return event;
  }
}
