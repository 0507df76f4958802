/**
 * Shadowserver report CSVs → {@link FeedEvent}s. Columns are found by their header name, never
 * their position: Shadowserver adds, drops and moves columns between report versions, so any
 * column a report can do without may be missing, and rows shorter than the header (real files end
 * some rows early) read their missing trailing cells as empty.
 */
import { HeaderedCsvParser } from './csv.js';
import type { FeedEvent, Severity } from './event.js';
import {
  newEvent,
  optionalAsn,
  optionalIp,
  optionalPort,
  optionalText,
  requiredIp,
  requiredTimestamp,
  severityOf,
} from './fields.js';

/** Where a report keeps each event field (header names). */
interface Columns {
  readonly ip: string;
  readonly port: string;
  readonly asn: string;
  readonly hostname: string;
  readonly protocol: string;
  readonly dstIp: string | null;
  readonly dstPort: string | null;
}

interface ReportShape {
  readonly identifier: string;
  readonly rsit: string;
  /** Used when the row has no `severity` column or leaves it empty. */
  readonly severity: Severity;
  readonly columns: Columns;
  readonly detail: (row: Row) => string | null;
  readonly url: ((row: Row) => string | null) | null;
}

const HOST: Columns = {
  ip: 'ip',
  port: 'port',
  asn: 'asn',
  hostname: 'hostname',
  protocol: 'protocol',
  dstIp: null,
  dstPort: null,
};

/** Event4 sinkhole reports: the source is the infected client, the destination the sinkhole. */
const SINKHOLE: Columns = {
  ip: 'src_ip',
  port: 'src_port',
  asn: 'src_asn',
  hostname: 'src_hostname',
  protocol: 'protocol',
  dstIp: 'dst_ip',
  dstPort: 'dst_port',
};

/** The first non-empty of the columns. */
function firstOf(...columns: string[]): (row: Row) => string | null {
  return (row) => {
    for (const column of columns) {
      const value = row.get(column);
      if (value !== null) return value;
    }
    return null;
  };
}

/**
 * A full URL from a report's host and path columns. The scheme is `https` only when the
 * `application` column says so; reports give no other hint.
 */
function urlFrom(hostColumns: string[], pathColumn: string): (row: Row) => string | null {
  const hostOf = firstOf(...hostColumns);
  return (row) => {
    const path = row.get(pathColumn);
    if (path !== null && path.includes('://')) return path;
    // Without a path, only an explicit HTTP host is worth a URL: a reverse-DNS name is not one.
    const host = path === null ? row.get(hostColumns[0]!) : hostOf(row);
    if (host === null) return null;
    const scheme = row.get('application')?.toLowerCase() === 'https' ? 'https' : 'http';
    const rest = path === null ? '' : path.startsWith('/') ? path : `/${path}`;
    return `${scheme}://${host}${rest}`;
  };
}

const ACCESSIBLE = 'vulnerable/potentially-unwanted-accessible';

const drone = (url: ReportShape['url']): ReportShape => ({
  // One identifier for every family keeps the vocabulary bounded; the family goes in `detail`.
  identifier: 'botnet-drone',
  rsit: 'malicious-code/infected-system',
  severity: 'high',
  columns: SINKHOLE,
  detail: firstOf('family', 'infection', 'tag'),
  url,
});

/** Reports with their own shape, by name. `scan6_*` (IPv6 scans) share their `scan_*` shape. */
const REPORTS: Readonly<Record<string, ReportShape>> = Object.freeze({
  scan_dns: {
    identifier: 'open-resolver',
    rsit: 'vulnerable/ddos-amplifier',
    severity: 'medium',
    columns: HOST,
    detail: firstOf('dns_version'),
    url: null,
  },
  scan_http: {
    identifier: 'accessible-http',
    rsit: ACCESSIBLE,
    severity: 'low',
    columns: HOST,
    detail: firstOf('server'),
    url: null,
  },
  scan_rdp: {
    identifier: 'accessible-rdp',
    rsit: ACCESSIBLE,
    severity: 'high',
    columns: HOST,
    detail: (row) =>
      row.get('bluekeep_vulnerable') === 'Y' || row.get('cve20190708_vulnerable') === 'Y'
        ? 'vulnerable to CVE-2019-0708 (BlueKeep)'
        : (row.get('subject_common_name') ?? row.get('rdp_protocol')),
    url: null,
  },
  scan_smb: {
    identifier: 'accessible-smb',
    rsit: ACCESSIBLE,
    severity: 'high',
    columns: HOST,
    detail: firstOf('smb_version_string'),
    url: null,
  },
  compromised_website: {
    identifier: 'compromised-website',
    rsit: 'intrusions/system-compromise',
    severity: 'high',
    columns: HOST,
    detail: firstOf('tag', 'category'),
    url: urlFrom(['http_host', 'hostname'], 'url'),
  },
  event4_sinkhole: drone(null),
  event4_sinkhole_http: drone(urlFrom(['http_host'], 'http_url')),
  blocklist: {
    identifier: 'blocklisted',
    rsit: 'other/other',
    severity: 'medium',
    columns: HOST,
    detail: (row) => {
      const reason = row.get('reason');
      const source = row.get('source');
      return reason !== null && source !== null ? `${reason} (${source})` : (reason ?? source);
    },
    url: null,
  },
});

/** Services whose open UDP responders are abused for reflection: their scans are amplifiers. */
const AMPLIFIERS = new Set([
  'ard',
  'chargen',
  'cldap',
  'coap',
  'dvr_dhcpdiscover',
  'ldap_udp',
  'mdns',
  'memcached',
  'netbios',
  'ntp',
  'ntpmonitor',
  'portmapper',
  'qotd',
  'rdpeudp',
  'slp',
  'snmp',
  'ssdp',
  'ubiquiti',
  'ws_discovery',
  'xdmcp',
]);

/** Any other `scan_<service>` report: an accessible service on the scanned host. */
function genericScan(service: string): ReportShape {
  const amplifier = AMPLIFIERS.has(service);
  return {
    identifier: `accessible-${service.replace(/_/g, '-')}`,
    rsit: amplifier ? 'vulnerable/ddos-amplifier' : ACCESSIBLE,
    severity: 'medium',
    columns: HOST,
    detail: firstOf('version', 'tag'),
    url: null,
  };
}

const SCAN_NAME = /^scan6?_([a-z0-9_]+)$/;
const NAME_IN_FILE =
  /(?:^|[^a-z0-9_])(event4_sinkhole_http|event4_sinkhole|compromised_website|blocklist|scan6?_[a-z0-9_]+)(?![a-z0-9_])/;

/** The canonical report name (`scan_dns`, `event4_sinkhole_http`…), or null when not supported. */
export function shadowserverReportName(name: string): string | null {
  const normal = name.trim().toLowerCase().replace(/-/g, '_');
  if (Object.hasOwn(REPORTS, normal)) return normal;
  const scan = SCAN_NAME.exec(normal);
  return scan ? `scan_${scan[1]!}` : null;
}

/** Finds the report name inside a file name such as `2019-09-04-scan_rdp-asn-china.csv`. */
export function detectShadowserverReport(fileName: string): string | null {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  const match = NAME_IN_FILE.exec(base.toLowerCase());
  return match ? shadowserverReportName(match[1]!) : null;
}

function shapeOf(report: string): ReportShape {
  return REPORTS[report] ?? genericScan(report.slice('scan_'.length));
}

export interface ShadowserverOptions {
  /** The report name; when absent it is detected from `fileName`. */
  report?: string;
  fileName?: string;
}

/** The current row's cells by header name; one instance per parser, pointed at each row in turn. */
class Row {
  fields: readonly string[] = [];

  constructor(private readonly header: ReadonlyMap<string, number>) {}

  /** Trimmed text, or null when the cell is empty or the report lacks the column. */
  get(column: string): string | null {
    const i = this.header.get(column);
    return i === undefined ? null : optionalText(this.fields[i]);
  }
}

/** Column positions resolved from the header; -1 where the report lacks the column. */
interface Positions {
  timestamp: number;
  ip: number;
  port: number;
  asn: number;
  hostname: number;
  protocol: number;
  dstIp: number;
  dstPort: number;
  severity: number;
}

export class ShadowserverParser extends HeaderedCsvParser {
  readonly report: string;
  private readonly shape: ReportShape;
  private at: Positions | null = null;
  private row: Row | null = null;
  /** Rows of a report share few timestamps, so the last one read is usually the next one. */
  private lastTime: string | undefined = undefined;
  private lastIso = '';

  constructor(options: ShadowserverOptions) {
    super();
    const report =
      options.report !== undefined
        ? shadowserverReportName(options.report)
        : options.fileName !== undefined
          ? detectShadowserverReport(options.fileName)
          : null;
    if (report === null) {
      const given =
        options.report !== undefined
          ? `report "${options.report}"`
          : options.fileName !== undefined
            ? `file name "${options.fileName}"`
            : 'no report name or file name';
      throw new Error(
        `Shadowserver: cannot tell the report type from ${given}; supported: ${Object.keys(REPORTS).join(', ')} and any scan_<service>.`,
      );
    }
    this.report = report;
    this.shape = shapeOf(report);
  }

  protected override useHeader(header: ReadonlyMap<string, number>): void {
    const { columns } = this.shape;
    for (const required of ['timestamp', columns.ip]) {
      if (!header.has(required)) {
        throw new Error(`Shadowserver ${this.report}: the header has no "${required}" column.`);
      }
    }
    const at = (column: string | null): number =>
      column === null ? -1 : (header.get(column) ?? -1);
    this.row = new Row(header);
    this.at = {
      timestamp: at('timestamp'),
      ip: at(columns.ip),
      port: at(columns.port),
      asn: at(columns.asn),
      hostname: at(columns.hostname),
      protocol: at(columns.protocol),
      dstIp: at(columns.dstIp),
      dstPort: at(columns.dstPort),
      severity: at('severity'),
    };
  }

  protected override event(raw: string, f: readonly string[]): FeedEvent {
    const at = this.at!;
    const { shape } = this;
    const { columns } = shape;
    const time = f[at.timestamp];
    if (time === undefined || time !== this.lastTime) {
      this.lastIso = requiredTimestamp('timestamp', time);
      this.lastTime = time;
    }
    const severity =
      at.severity < 0 ? shape.severity : severityOf('severity', f[at.severity], shape.severity);
    const event = newEvent(this.lastIso, shape.identifier, shape.rsit, severity, raw);
    event.ip = requiredIp(columns.ip, f[at.ip]);
    if (at.port >= 0) event.port = optionalPort(columns.port, f[at.port]);
    if (at.asn >= 0) event.asn = optionalAsn(columns.asn, f[at.asn]);
    if (at.hostname >= 0) event.hostname = optionalText(f[at.hostname]);
    if (at.protocol >= 0) event.protocol = optionalText(f[at.protocol]);
    if (at.dstIp >= 0) event.dstIp = optionalIp(columns.dstIp!, f[at.dstIp]);
    if (at.dstPort >= 0) event.dstPort = optionalPort(columns.dstPort!, f[at.dstPort]);
    const row = this.row!;
    row.fields = f;
    event.detail = shape.detail(row);
    if (shape.url !== null) event.url = shape.url(row);
    return event;
  }
}
