import type { Statement } from 'better-sqlite3';
import { sql } from 'kysely';
import type { Database, Db } from '../database.js';

/** Every sighting of one dedup key within a batch, already folded together. */
export interface Sighting {
  dedupKey: string;
  feedId: string;
  orgId: string | null;
  ip: string | null;
  port: number | null;
  identifier: string;
  rsit: string;
  gbt: string;
  severity: string;
  asn: number | null;
  hostname: string | null;
  url: string | null;
  detail: string | null;
  raw: string;
  firstSeen: string;
  lastSeen: string;
  count: number;
}

export interface WriteOutcome {
  /** Sightings that opened a new finding. */
  created: number;
  /** Sightings that brought back a finding whose fix had been claimed. */
  reopened: number;
}

/** Findings still being followed up: a new sighting always joins them, however long the gap. */
const ACTIVE = `('open','notified','acknowledged','reopened','fixed')`;

/**
 * Writes a batch of sightings into `findings`, inside the caller's transaction: each joins the
 * finding of its dedup key (count and last seen grow; a claimed fix is reopened) or opens a new
 * one. A closed finding (false positive, not ours) absorbs sightings only within the feed's
 * window of its last sighting; after that it is retired and a new finding opens.
 *
 * One upsert per sighting on SQLite through prepared statements (Kysely's per-query cost would be
 * most of the time), one set-based upsert per batch on PostgreSQL.
 */
export class FindingWriter {
  private statements: { upsert: Statement; retire: Statement } | null = null;

  constructor(private readonly database: Database) {}

  async write(
    trx: Db,
    sightings: readonly Sighting[],
    runId: string,
    windowHours: number,
    now: string,
  ): Promise<WriteOutcome> {
    if (sightings.length === 0) return { created: 0, reopened: 0 };
    return this.database.sqlite
      ? this.writeSqlite(sightings, runId, windowHours, now)
      : this.writePostgres(trx, sightings, runId, windowHours, now);
  }

  private writeSqlite(
    sightings: readonly Sighting[],
    runId: string,
    windowHours: number,
    now: string,
  ): WriteOutcome {
    const { upsert, retire } = (this.statements ??= this.prepareSqlite());
    const window = `-${windowHours} hours`;
    let created = 0;
    let reopened = 0;
    for (const s of sightings) {
      const values = [
        s.dedupKey,
        s.feedId,
        s.orgId,
        s.ip,
        s.port,
        s.identifier,
        s.rsit,
        s.gbt,
        s.severity,
        s.asn,
        s.hostname,
        s.url,
        s.detail,
        s.raw,
        s.firstSeen,
        s.lastSeen,
        s.count,
        now,
        runId,
        runId,
        window,
      ];
      let row = upsert.get(values) as
        { count: number; state: string; reopened: number } | undefined;
      if (!row) {
        // A closed finding outside its window: retire it and open a new one.
        retire.run(s.dedupKey);
        row = upsert.get(values) as { count: number; state: string; reopened: number };
      }
      if (row.count === s.count) created++;
      else if (row.state === 'reopened' && row.reopened === 1) reopened++;
    }
    return { created, reopened };
  }

  private prepareSqlite() {
    const connection = this.database.sqlite!;
    return {
      // `reopened` is 1 in the returned row only on the upsert that reopened it: it is reset below
      // whenever the state does not change, so the caller can count reopenings.
      upsert: connection.prepare(`
        insert into findings (dedup_key, feed_id, org_id, ip, port, identifier, rsit, gbt, severity,
          asn, hostname, url, detail, raw, first_seen, last_seen, count, state, state_at, reopened,
          first_run_id, last_run_id, reminders)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, 0, ?, ?, 0)
        on conflict (dedup_key) do update set
          count = findings.count + excluded.count,
          first_seen = min(findings.first_seen, excluded.first_seen),
          last_seen = max(findings.last_seen, excluded.last_seen),
          severity = excluded.severity, asn = excluded.asn, hostname = excluded.hostname,
          url = excluded.url, detail = excluded.detail, raw = excluded.raw,
          last_run_id = excluded.last_run_id,
          state = case when findings.state = 'fixed' and excluded.last_seen > findings.fixed_at then 'reopened' else findings.state end,
          state_at = case when findings.state = 'fixed' and excluded.last_seen > findings.fixed_at then excluded.state_at else findings.state_at end,
          reopened = case when findings.state = 'fixed' and excluded.last_seen > findings.fixed_at then 1 else 0 end,
          fixed_at = case when findings.state = 'fixed' and excluded.last_seen > findings.fixed_at then null else findings.fixed_at end
        where findings.state in ${ACTIVE}
          or findings.last_seen >= strftime('%Y-%m-%dT%H:%M:%fZ', excluded.first_seen, ?)
        returning count, state, reopened`),
      retire: connection.prepare(`update findings set dedup_key = null where dedup_key = ?`),
    };
  }

  private async writePostgres(
    trx: Db,
    sightings: readonly Sighting[],
    runId: string,
    windowHours: number,
    now: string,
  ): Promise<WriteOutcome> {
    const upsert = (batch: readonly Sighting[]) => {
      const pick = <K extends keyof Sighting>(key: K) => batch.map((s) => s[key]);
      return sql<{ dedup_key: string; count: number; state: string; reopened: number }>`
        insert into findings (dedup_key, feed_id, org_id, ip, port, identifier, rsit, gbt, severity,
          asn, hostname, url, detail, raw, first_seen, last_seen, count, state, state_at, reopened,
          first_run_id, last_run_id, reminders)
        select k, f, o, i, p, d, r, g, s, a, h, u, t, w, fs, ls, c, 'open', ${now}, 0, ${runId}, ${runId}, 0
        from unnest(${pick('dedupKey')}::text[], ${pick('feedId')}::text[], ${pick('orgId')}::text[],
          ${pick('ip')}::text[], ${pick('port')}::int[], ${pick('identifier')}::text[],
          ${pick('rsit')}::text[], ${pick('gbt')}::text[], ${pick('severity')}::text[],
          ${pick('asn')}::bigint[], ${pick('hostname')}::text[], ${pick('url')}::text[],
          ${pick('detail')}::text[], ${pick('raw')}::text[], ${pick('firstSeen')}::text[],
          ${pick('lastSeen')}::text[], ${pick('count')}::int[])
          as v(k, f, o, i, p, d, r, g, s, a, h, u, t, w, fs, ls, c)
        on conflict (dedup_key) do update set
          count = findings.count + excluded.count,
          first_seen = least(findings.first_seen, excluded.first_seen),
          last_seen = greatest(findings.last_seen, excluded.last_seen),
          severity = excluded.severity, asn = excluded.asn, hostname = excluded.hostname,
          url = excluded.url, detail = excluded.detail, raw = excluded.raw,
          last_run_id = excluded.last_run_id,
          state = case when findings.state = 'fixed' and excluded.last_seen > findings.fixed_at then 'reopened' else findings.state end,
          state_at = case when findings.state = 'fixed' and excluded.last_seen > findings.fixed_at then excluded.state_at else findings.state_at end,
          reopened = case when findings.state = 'fixed' and excluded.last_seen > findings.fixed_at then 1 else 0 end,
          fixed_at = case when findings.state = 'fixed' and excluded.last_seen > findings.fixed_at then null else findings.fixed_at end
        where findings.state in ${sql.raw(ACTIVE)}
          or findings.last_seen::timestamptz >= excluded.first_seen::timestamptz - make_interval(hours => ${windowHours})
        returning dedup_key, count, state, reopened`.execute(trx);
    };
    let { rows } = await upsert(sightings);
    const written = new Set(rows.map((r) => r.dedup_key));
    const expired = sightings.filter((s) => !written.has(s.dedupKey));
    if (expired.length > 0) {
      // Closed findings outside their window: retire them and open new ones.
      await sql`update findings set dedup_key = null where dedup_key = any(${expired.map((s) => s.dedupKey)}::text[])`.execute(
        trx,
      );
      rows = rows.concat((await upsert(expired)).rows);
    }
    const counts = new Map(sightings.map((s) => [s.dedupKey, s.count]));
    let created = 0;
    let reopened = 0;
    for (const row of rows) {
      if (row.count === counts.get(row.dedup_key)) created++;
      else if (row.state === 'reopened' && row.reopened === 1) reopened++;
    }
    return { created, reopened };
  }
}
