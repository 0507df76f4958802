import type { Statement } from 'better-sqlite3';
import { sql } from 'kysely';
import { dedupHash } from '../../core/feeds/finding.js';
import type { Database, Db } from '../database.js';

/** Every sighting of one identity within a batch, already folded together. */
export interface Sighting {
  /** The identity key (core/feeds/finding.ts identityKey) and its probe-0 dedup hash. */
  key: string;
  hash: number;
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
  /** The organisations that now have a new or reopened finding, and whether one is urgent. */
  waiting: Map<string, boolean>;
}

/** Findings that warrant a digest at once, whatever the recipient's chosen hour. */
const URGENT = new Set(['critical', 'high']);

interface Context {
  runId: string;
  windowHours: number;
  now: string;
}

/** Still followed up: a new sighting always joins them, however long the gap. */
const ACTIVE_STATES: readonly string[] = ['open', 'notified', 'acknowledged', 'reopened', 'fixed'];
const ACTIVE = `(${ACTIVE_STATES.map((state) => `'${state}'`).join(',')})`;
/** `last_upsert`: whether the last sighting that joined the finding reopened it. */
const JOINED = 0;
const REOPENED = 1;

const COLUMNS = `dedup_hash, feed_id, org_id, ip, port, identifier, rsit, gbt, severity, asn,
  hostname, url, detail, raw, first_seen, last_seen, count, state, state_at, last_upsert,
  first_run_id, last_run_id, reminders`;

/**
 * The join of a sighting into the finding holding its slot, as an UPDATE's SET and WHERE. The
 * sighting's values are `@name` parameters on SQLite and the columns of `v` (an unnest of the
 * batch) on PostgreSQL. It joins when the identity is the same and the finding is still followed
 * up or within the window; a claimed fix seen after the claim is reopened. `windowHours` is a
 * validated integer, written into the statement.
 */
function joinSql(dialect: 'sqlite' | 'postgres', windowHours: number) {
  const v = (column: string) => (dialect === 'sqlite' ? `@${column}` : `v.${column}`);
  const same = dialect === 'sqlite' ? 'is' : 'is not distinct from';
  const [least, greatest] = dialect === 'sqlite' ? ['min', 'max'] : ['least', 'greatest'];
  const window =
    dialect === 'sqlite'
      ? `findings.last_seen >= strftime('%Y-%m-%dT%H:%M:%fZ', @first_seen, '-${windowHours} hours')`
      : `findings.last_seen::timestamptz >= v.first_seen::timestamptz - interval '${windowHours} hours'`;
  const reopens = `findings.state = 'fixed' and ${v('last_seen')} > findings.fixed_at`;
  return {
    set: `count = findings.count + ${v('count')},
      first_seen = ${least}(findings.first_seen, ${v('first_seen')}),
      last_seen = ${greatest}(findings.last_seen, ${v('last_seen')}),
      severity = ${v('severity')}, asn = ${v('asn')}, hostname = ${v('hostname')}, url = ${v('url')},
      detail = ${v('detail')}, raw = ${v('raw')}, last_run_id = ${v('run_id')},
      state = case when ${reopens} then 'reopened' else findings.state end,
      state_at = case when ${reopens} then ${v('now')} else findings.state_at end,
      fixed_at = case when ${reopens} then null else findings.fixed_at end,
      last_upsert = case when ${reopens} then ${REOPENED} else ${JOINED} end`,
    where: `findings.dedup_hash = ${v('hash')} and findings.feed_id = ${v('feed_id')}
      and findings.org_id ${same} ${v('org_id')}
      and coalesce(findings.ip, findings.hostname, findings.url) ${same} coalesce(${v('ip')}, ${v('hostname')}, ${v('url')})
      and findings.port ${same} ${v('port')} and findings.identifier = ${v('identifier')}
      and (findings.state in ${ACTIVE} or ${window})`,
  };
}

/**
 * Writes a batch of sightings into `findings`, inside the caller's transaction: each joins the
 * finding of its identity (count and last seen grow; a claimed fix is reopened) or opens a new
 * one. A closed finding (verified, false positive, not ours) absorbs sightings only within the
 * feed's window of its last sighting; after that it is retired and a new finding opens.
 *
 * Two steps, both fast: an insert that leaves the row alone when the dedup hash is taken, then,
 * for those, an update guarded by the join conditions (on SQLite per sighting through prepared
 * statements, as Kysely's per-query cost would be most of the time; on PostgreSQL per batch).
 * On SQLite, measured on this schema: an upsert with the join in its DO UPDATE is four times
 * slower even for rows that never conflict, DO NOTHING and RETURNING each about halve the
 * speed, so the insert ends in a no-op DO UPDATE and a taken slot is told by the last rowid not
 * moving. What neither step takes (a closed finding out of its window, another identity on the
 * same hash) is settled one by one in {@link settle}.
 */
export class FindingWriter {
  /** Prepared statements by window (SQLite): the window is part of the update's text. */
  private readonly statements = new Map<
    number,
    { insert: Statement; lastRowid: Statement; join: Statement }
  >();

  constructor(private readonly database: Database) {}

  async write(trx: Db, sightings: readonly Sighting[], context: Context): Promise<WriteOutcome> {
    if (!Number.isInteger(context.windowHours) || context.windowHours < 1)
      throw new Error(`windowHours must be a positive integer, not ${context.windowHours}`);
    const outcome: WriteOutcome = { created: 0, reopened: 0, waiting: new Map() };
    const unsettled = this.database.sqlite
      ? this.writeSqlite(sightings, context, outcome)
      : await this.writePostgres(trx, sightings, context, outcome);
    for (const s of unsettled) if (await this.settle(trx, s, context)) opened(outcome, s);
    return outcome;
  }

  private writeSqlite(
    sightings: readonly Sighting[],
    { runId, windowHours, now }: Context,
    outcome: WriteOutcome,
  ): Sighting[] {
    let statements = this.statements.get(windowHours);
    if (!statements) {
      const join = joinSql('sqlite', windowHours);
      statements = {
        insert: this.database.sqlite!.prepare(`
          insert into findings (${COLUMNS})
          values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ${JOINED}, ?, ?, 0)
          on conflict (dedup_hash) do update set last_upsert = last_upsert`),
        lastRowid: this.database.sqlite!.prepare('select last_insert_rowid()').pluck(),
        join: this.database.sqlite!.prepare(
          `update findings set ${join.set} where ${join.where} returning last_upsert`,
        ),
      };
      this.statements.set(windowHours, statements);
    }
    const unsettled: Sighting[] = [];
    // An insert gives a new rowid; a taken slot leaves the connection's last one as it was. The
    // loop is synchronous, so no other insert comes in between.
    let lastRowid = statements.lastRowid.get() as number | bigint;
    for (const s of sightings) {
      // Positional parameters: binding an object costs the hot path about half its speed.
      // prettier-ignore
      const { lastInsertRowid } = statements.insert.run(
        s.hash, s.feedId, s.orgId, s.ip, s.port, s.identifier, s.rsit, s.gbt, s.severity, s.asn,
        s.hostname, s.url, s.detail, s.raw, s.firstSeen, s.lastSeen, s.count, now, runId, runId,
      );
      if (lastInsertRowid !== lastRowid) {
        lastRowid = lastInsertRowid;
        opened(outcome, s);
        continue;
      }
      const values = {
        hash: s.hash,
        feed_id: s.feedId,
        org_id: s.orgId,
        ip: s.ip,
        port: s.port,
        identifier: s.identifier,
        severity: s.severity,
        asn: s.asn,
        hostname: s.hostname,
        url: s.url,
        detail: s.detail,
        raw: s.raw,
        first_seen: s.firstSeen,
        last_seen: s.lastSeen,
        count: s.count,
        now,
        run_id: runId,
      };
      const joined = statements.join.get(values) as { last_upsert: number } | undefined;
      if (!joined) unsettled.push(s);
      else if (joined.last_upsert === REOPENED) opened(outcome, s, true);
    }
    return unsettled;
  }

  private async writePostgres(
    trx: Db,
    sightings: readonly Sighting[],
    { runId, windowHours, now }: Context,
    outcome: WriteOutcome,
  ): Promise<Sighting[]> {
    // One statement may not touch a row twice: identities sharing a hash are settled one by one.
    const byHash = new Map<number, Sighting>();
    const unsettled: Sighting[] = [];
    for (const s of sightings) {
      if (byHash.has(s.hash)) unsettled.push(s);
      else byHash.set(s.hash, s);
    }
    const values = (batch: readonly Sighting[]) => {
      const column = <K extends keyof Sighting>(key: K) => batch.map((s) => s[key]);
      return sql`unnest(${column('hash')}::bigint[], ${column('feedId')}::text[],
        ${column('orgId')}::text[], ${column('ip')}::text[], ${column('port')}::int[],
        ${column('identifier')}::text[], ${column('rsit')}::text[], ${column('gbt')}::text[],
        ${column('severity')}::text[], ${column('asn')}::bigint[], ${column('hostname')}::text[],
        ${column('url')}::text[], ${column('detail')}::text[], ${column('raw')}::text[],
        ${column('firstSeen')}::text[], ${column('lastSeen')}::text[], ${column('count')}::int[],
        ${batch.map(() => now)}::text[], ${batch.map(() => runId)}::text[])
        as v(hash, feed_id, org_id, ip, port, identifier, rsit, gbt, severity, asn, hostname, url,
          detail, raw, first_seen, last_seen, count, now, run_id)`;
    };
    const inserted = await sql<{ dedup_hash: number }>`
      insert into findings (${sql.raw(COLUMNS)})
      select hash, feed_id, org_id, ip, port, identifier, rsit, gbt, severity, asn, hostname, url,
        detail, raw, first_seen, last_seen, count, 'open', now, ${JOINED}, run_id, run_id, 0
      from ${values([...byHash.values()])}
      on conflict (dedup_hash) do nothing
      returning dedup_hash`.execute(trx);
    for (const row of inserted.rows) {
      opened(outcome, byHash.get(Number(row.dedup_hash))!);
      byHash.delete(Number(row.dedup_hash));
    }
    if (byHash.size > 0) {
      const join = joinSql('postgres', windowHours);
      const joined = await sql<{ dedup_hash: number; last_upsert: number }>`
        update findings set ${sql.raw(join.set)}
        from ${values([...byHash.values()])}
        where ${sql.raw(join.where)}
        returning findings.dedup_hash, findings.last_upsert`.execute(trx);
      for (const row of joined.rows) {
        if (row.last_upsert === REOPENED)
          opened(outcome, byHash.get(Number(row.dedup_hash))!, true);
        byHash.delete(Number(row.dedup_hash));
      }
    }
    return unsettled.concat([...byHash.values()]);
  }

  /**
   * The rare path, on either engine: walks the sighting's probe sequence to the slot holding its
   * identity (a closed finding out of its window: retired, and a new one opened in its place)
   * or to a free slot (a new finding). Returns whether it opened a new finding.
   */
  private async settle(
    trx: Db,
    s: Sighting,
    { runId, windowHours, now }: Context,
  ): Promise<boolean> {
    const slot = await findSlot(trx, s);
    if (slot.holder) {
      const holder = slot.holder;
      const joins =
        ACTIVE_STATES.includes(holder.state) ||
        Date.parse(holder.lastSeen) >= Date.parse(s.firstSeen) - windowHours * 3_600_000;
      if (joins) {
        // An identity that a hash collision placed beyond its first slot: joins it there.
        await trx
          .updateTable('findings')
          .set((eb) => ({
            count: eb('count', '+', s.count),
            last_seen: s.lastSeen > holder.lastSeen ? s.lastSeen : holder.lastSeen,
            raw: s.raw,
            last_run_id: runId,
          }))
          .where('id', '=', holder.id)
          .execute();
        return false;
      }
      await trx
        .updateTable('findings')
        .set({ dedup_hash: null })
        .where('id', '=', holder.id)
        .execute();
    }
    await trx
      .insertInto('findings')
      .values({
        dedup_hash: slot.hash,
        feed_id: s.feedId,
        org_id: s.orgId,
        ip: s.ip,
        port: s.port,
        identifier: s.identifier,
        rsit: s.rsit,
        gbt: s.gbt,
        severity: s.severity,
        asn: s.asn,
        hostname: s.hostname,
        url: s.url,
        detail: s.detail,
        raw: s.raw,
        first_seen: s.firstSeen,
        last_seen: s.lastSeen,
        count: s.count,
        state: 'open',
        state_at: now,
        last_upsert: JOINED,
        first_run_id: runId,
        last_run_id: runId,
        reminders: 0,
      })
      .execute();
    return true;
  }
}

/** Counts a new (or reopened) finding and notes that its organisation has one waiting. */
function opened(outcome: WriteOutcome, s: Sighting, reopened = false): void {
  if (reopened) outcome.reopened++;
  else outcome.created++;
  if (s.orgId !== null)
    outcome.waiting.set(s.orgId, outcome.waiting.get(s.orgId) === true || URGENT.has(s.severity));
}

/** Who a finding is: what {@link findSlot} compares. */
export interface Identity {
  key: string;
  feedId: string;
  orgId: string | null;
  ip: string | null;
  hostname: string | null;
  url: string | null;
  port: number | null;
  identifier: string;
}

/**
 * Walks an identity's probe sequence: the first slot that is free (`holder` null) or holds the
 * same identity. Another identity on a hash moves the walk on, so collisions never merge.
 */
export async function findSlot(
  trx: Db,
  identity: Identity,
): Promise<{
  hash: number;
  holder: { id: number; count: number; state: string; lastSeen: string } | null;
}> {
  const host = identity.ip ?? identity.hostname ?? identity.url;
  for (let probe = 0; ; probe++) {
    const hash = dedupHash(identity.key, probe);
    const row = await trx
      .selectFrom('findings')
      .select([
        'id',
        'count',
        'state',
        'last_seen',
        'feed_id',
        'org_id',
        'ip',
        'hostname',
        'url',
        'port',
        'identifier',
      ])
      .where('dedup_hash', '=', hash)
      .executeTakeFirst();
    if (!row) return { hash, holder: null };
    if (
      row.feed_id === identity.feedId &&
      row.org_id === identity.orgId &&
      (row.ip ?? row.hostname ?? row.url) === host &&
      row.port === identity.port &&
      row.identifier === identity.identifier
    )
      return {
        hash,
        holder: { id: row.id, count: row.count, state: row.state, lastSeen: row.last_seen },
      };
  }
}
