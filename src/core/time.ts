/**
 * Timestamps are stored and exchanged as fixed-width UTC ISO-8601 text
 * (`2026-11-28T03:25:54.000Z`), so that text order is time order on both databases.
 */
export function isoNow(): string {
  return new Date().toISOString();
}

export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

export function addSeconds(iso: string, seconds: number): string {
  return new Date(Date.parse(iso) + seconds * 1000).toISOString();
}
