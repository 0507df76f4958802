import { randomUUID } from 'node:crypto';

/** The finding facts an X-ARF report is built from. */
export interface XarfSource {
  ip: string | null;
  port: number | null;
  hostname: string | null;
  url: string | null;
  identifier: string;
  rsit: string;
  severity: string;
  detail: string | null;
  protocol?: string | null;
  firstSeen: string;
  lastSeen: string;
  raw: string;
}

export interface XarfParty {
  org: string;
  contact: string;
  domain: string;
}

/** The X-ARF version of the shared samples and schemas this output is checked against. */
const XARF_VERSION = '4.2.0';

/**
 * One X-ARF 4 report for one finding, for abuse desks that process reports by machine. The
 * RSIT class picks the X-ARF category and type; the original record travels as evidence.
 * @example toXarf(finding, { org: 'CNCERT', contact: 'abuse@example.cn', domain: 'example.cn' })
 */
export function toXarf(finding: XarfSource, sender: XarfParty): Record<string, unknown> {
  const [classification, type] = finding.rsit.split('/') as [string, string];
  const source = finding.ip ?? finding.hostname ?? hostOf(finding.url) ?? finding.identifier;
  const specific = kindOf(classification, type, finding);
  return {
    xarf_version: XARF_VERSION,
    report_id: randomUUID(),
    timestamp: finding.lastSeen,
    reporter: sender,
    sender,
    source_identifier: source,
    ...(finding.port !== null && finding.port > 0 && { source_port: finding.port }),
    ...specific,
    evidence_source: classification === 'vulnerable' ? 'vulnerability_scan' : 'automated_discovery',
    description: `${finding.identifier}${finding.detail ? `: ${finding.detail}` : ''}`,
    first_seen: finding.firstSeen,
    last_seen: finding.lastSeen,
    tags: [`rsit:${slug(type)}`, `severity:${slug(finding.severity)}`],
    evidence: [
      {
        content_type: 'text/plain',
        description: 'The record as the feed reported it',
        payload: Buffer.from(finding.raw).toString('base64'),
      },
    ],
  };
}

function kindOf(classification: string, type: string, f: XarfSource): Record<string, unknown> {
  const service = f.protocol ?? f.identifier.replace(/^(accessible|open)-/, '');
  switch (classification) {
    case 'vulnerable':
      return type === 'weak-crypto' || type === 'information-disclosure'
        ? { category: 'vulnerability', type: 'misconfiguration', service }
        : { category: 'vulnerability', type: 'open_service', service };
    case 'malicious-code':
      return {
        category: 'infrastructure',
        type: 'botnet',
        ...(f.detail && { malware_family: f.detail.slice(0, 200) }),
        compromise_evidence: `Reported by the ${f.identifier} feed: the host contacted a sinkhole or C2 server`,
      };
    case 'intrusions':
      return {
        category: 'infrastructure',
        type: 'compromised_server',
        compromise_method: f.detail ?? f.identifier,
      };
    default:
      return { category: 'reputation', type: 'blocklist', threat_type: f.identifier };
  }
}

function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname || null;
  } catch {
    return null;
  }
}

/** Tags are `namespace:value` in lower-case letters, digits, `_`, `+` and `-`. */
function slug(value: string): string {
  return (
    value
      .toLowerCase()
      .replace(/[^a-z0-9_+-]+/g, '-')
      .replace(/^[^a-z0-9]+/, '') || 'unknown'
  );
}
