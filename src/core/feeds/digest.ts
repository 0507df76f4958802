import { stringify } from 'csv-stringify/sync';

/** A finding as a digest lists it. */
export interface DigestRow {
  id: number;
  state: string;
  feed: string;
  identifier: string;
  severity: string;
  ip: string | null;
  port: number | null;
  hostname: string | null;
  url: string | null;
  asn: number | null;
  detail: string | null;
  firstSeen: string;
  lastSeen: string;
  count: number;
}

const COLUMNS: readonly (keyof DigestRow)[] = [
  'id',
  'state',
  'feed',
  'identifier',
  'severity',
  'ip',
  'port',
  'hostname',
  'url',
  'asn',
  'detail',
  'firstSeen',
  'lastSeen',
  'count',
];

/** The CSV attached to a digest e-mail: one row per finding, with a header, UTF-8 with a BOM for spreadsheet programs. */
export function digestCsv(rows: readonly DigestRow[]): string {
  return (
    '\uFEFF' +
    stringify(
      rows.map((r) => COLUMNS.map((c) => r[c] ?? '')),
      {
        header: true,
        columns: COLUMNS.map((c) => c.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`)),
      },
    )
  );
}
