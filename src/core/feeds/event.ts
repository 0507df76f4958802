/**
 * The one shape every feed is normalised into, whatever its format: a Shadowserver row, a
 * JSON line, a STIX indicator or sighting, a MISP attribute.
 */
/** The feed formats Fenghuo reads (core/feeds/parsers.ts has a parser for each). */
export const FEED_FORMATS = ['shadowserver', 'csv', 'jsonl', 'stix', 'misp'] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface FeedEvent {
  /** When the source saw it, ISO 8601 UTC with milliseconds (`2018-04-14T00:14:34.000Z`). */
  observedAt: string;
  /** What was seen, a short stable slug: `open-resolver`, `accessible-rdp`, `sinkhole-botnet`… */
  identifier: string;
  /** The Reference Security Incident Taxonomy pair as `classification/type`, e.g. `vulnerable/ddos-amplifier`. */
  rsit: string;
  severity: Severity;
  /** The address at fault (the scanned host, the infected client, the compromised site), canonical text; null when the record names only a domain or URL. */
  ip: string | null;
  port: number | null;
  asn: number | null;
  hostname: string | null;
  url: string | null;
  protocol: string | null;
  /** The other end, where there is one (the sinkhole, the C2 server). */
  dstIp: string | null;
  dstPort: number | null;
  /** A short human detail for the recipient: the software version, the malware family, the blocklist's reason. */
  detail: string | null;
  /** The source record exactly as read (one CSV line, one JSON line, one STIX object), kept as evidence. */
  raw: string;
}

/**
 * One record out of a parser: an event, or the reason the record was refused with the record's
 * text. `line` is 1-based (the record's ordinal for JSON documents).
 */
export type ParsedRecord =
  { line: number; event: FeedEvent } | { line: number; error: string; raw: string };

/**
 * A streaming parser: text goes in chunk by chunk (any split, even mid-line or mid-character
 * sequence of a CSV quote), records come out as soon as they are complete. Whole-document formats
 * (STIX bundles, MISP events) buffer until `end`.
 */
export interface FeedParser {
  push(chunk: string): ParsedRecord[];
  end(): ParsedRecord[];
}
