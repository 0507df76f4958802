import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { SYSTEM } from '../src/core/auth/policy.js';
import { uuidv7 } from '../src/core/ids.js';
import { createServices } from '../src/services/index.js';
import { openDatabase } from '../src/storage/database.js';
import { migrateToLatest } from '../src/storage/migrate.js';
import type { IncidentClocksTable } from '../src/storage/schema.js';
import { ClockWatcher } from '../src/worker/clock-watcher.js';
import type { BenchRow } from './harness.js';

const CLOCKS = 1_000_000;
const PER_INCIDENT = 1000;
const FIRING = 200;

/**
 * One million open clocks in SQLite, spread over the coming days; then 200 of them due a few
 * seconds from now, fired by the real ClockWatcher on the wall clock. Measures how late each
 * fired, the cost of the watcher's idle poll, and the CPU it uses while idle.
 */
export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'fenghuo-clocks-'));
  const database = openDatabase(`sqlite:${join(dir, 'clocks.db')}`);
  try {
    await migrateToLatest(database);
    const services = createServices(database);
    const org = await services.registry.createOrganisation(SYSTEM, {
      kind: 'operator',
      nameZh: '基准',
      nameEn: 'Bench',
      country: 'CN',
      region: 'CN-GD',
      sector: 'energy',
    });
    const now = Date.now();
    const day = 86_400_000;
    let started = performance.now();
    await database.transaction(async (trx) => {
      for (let i = 0; i < CLOCKS / PER_INCIDENT; i++) {
        const incidentId = uuidv7();
        const created = new Date(now).toISOString();
        await trx
          .insertInto('incidents')
          .values({
            id: incidentId,
            reference: `FH-BENCH-${String(i).padStart(6, '0')}`,
            reporter_org_id: org.id,
            reported_by: null,
            source: 'operator',
            status: 'reported',
            category: '01007',
            title: 'bench',
            summary: 'bench',
            tlp: 'amber',
            facts: '{}',
            anchors: '{}',
            details: '{}',
            grade_overrides: '{}',
            created_at: created,
            updated_at: created,
          })
          .execute();
        const rows: IncidentClocksTable[] = [];
        for (let j = 0; j < PER_INCIDENT; j++) {
          // Due between one minute and three days from now, so none fires during the run.
          const due = new Date(
            now + 60_000 + (((i * PER_INCIDENT + j) * 7919) % (3 * day)),
          ).toISOString();
          rows.push({
            id: uuidv7(),
            incident_id: incidentId,
            pack: 'cn-incident-reporting-2025',
            kind: 'stage',
            ref: `s${j}`,
            owed_by: '["reporter"]',
            owed_to: '["provincial_cac"]',
            anchor_at: created,
            due_at: due,
            immediate: 0,
            state: 'pending',
            met_at: null,
            waived_reason: null,
            source: 'bench',
            certainty: 'confirmed',
            reminders_sent: 2,
            next_fire_at: due,
          });
        }
        for (let k = 0; k < rows.length; k += 500)
          await trx
            .insertInto('incident_clocks')
            .values(rows.slice(k, k + 500))
            .execute();
      }
    });
    const loadSeconds = (performance.now() - started) / 1000;

    const idleNow = new Date().toISOString();
    const timeQuery = async (run: () => Promise<unknown>, times: number) => {
      const t = performance.now();
      for (let i = 0; i < times; i++) await run();
      return (performance.now() - t) / times;
    };
    const indexedMs = await timeQuery(async () => {
      await services.clocks.nextFireAt();
      await sql`select id from incident_clocks where next_fire_at <= ${idleNow} order by next_fire_at limit 500`.execute(
        database.db,
      );
    }, 200);
    const scanMs = await timeQuery(
      () =>
        sql`select id from incident_clocks not indexed where next_fire_at <= ${idleNow} limit 500`.execute(
          database.db,
        ),
      5,
    );

    // 200 clocks, one per incident, due 2 to 4 seconds from now.
    const firstIncidents = await database.db
      .selectFrom('incidents')
      .select('id')
      .orderBy('id')
      .limit(FIRING)
      .execute();
    const dueAt = new Map<string, number>();
    const base = Date.now() + 2000;
    for (const [i, { id }] of firstIncidents.entries()) {
      const due = new Date(base + i * 10).toISOString();
      const clock = await database.db
        .selectFrom('incident_clocks')
        .select('id')
        .where('incident_id', '=', id)
        .limit(1)
        .executeTakeFirstOrThrow();
      await database.db
        .updateTable('incident_clocks')
        .set({ due_at: due, next_fire_at: due })
        .where('id', '=', clock.id)
        .execute();
      dueAt.set(id, Date.parse(due));
    }
    const watcher = new ClockWatcher(services);
    const cpuBefore = process.cpuUsage();
    started = performance.now();
    watcher.start();
    await new Promise((r) => setTimeout(r, 1500));
    const idleCpu = process.cpuUsage(cpuBefore);
    const idleMs = performance.now() - started;
    await new Promise((r) => setTimeout(r, 4500));
    await watcher.stop();

    const fired = await database.db
      .selectFrom('audit_log')
      .select(['entity_id', 'at'])
      .where('action', '=', 'incident.clock_overdue')
      .execute();
    const lateness = fired
      .filter((f) => dueAt.has(f.entity_id))
      .map((f) => Date.parse(f.at) - dueAt.get(f.entity_id)!)
      .sort((a, b) => a - b);
    if (lateness.length !== FIRING)
      throw new Error(`expected ${FIRING} clocks to fire, saw ${lateness.length}`);
    return [
      {
        name: `load ${CLOCKS.toLocaleString('en')} open clocks (SQLite)`,
        value: loadSeconds,
        unit: 's',
      },
      {
        name: 'watcher poll with nothing due (next time + due batch, indexed)',
        value: indexedMs,
        unit: 'ms',
        baseline: { name: 'the same due query scanning the table', value: scanMs },
        note: `scan ${scanMs.toFixed(0)} ms`,
      },
      {
        name: `firing lateness over ${FIRING} clocks, median`,
        value: lateness[FIRING >> 1]!,
        unit: 'ms',
      },
      {
        name: `firing lateness over ${FIRING} clocks, max`,
        value: lateness[FIRING - 1]!,
        unit: 'ms',
      },
      {
        name: 'watcher CPU while idle',
        value: ((idleCpu.user + idleCpu.system) / 1000 / idleMs) * 100,
        unit: '% of a core',
      },
    ];
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
