import { sql } from 'kysely';
import type { Db, Dialect } from '../database.js';
import { fromJson, toJson } from '../json.js';
import type { JobsTable } from '../schema.js';

export type JobState = 'queued' | 'running' | 'done' | 'dead';

export interface Job {
  id: string;
  kind: string;
  payload: unknown;
  state: JobState;
  runAt: string;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  lockedBy: string | null;
}

function toJob(row: JobsTable): Job {
  return {
    id: row.id,
    kind: row.kind,
    payload: fromJson(row.payload),
    state: row.state as JobState,
    runAt: row.run_at,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    lastError: row.last_error,
    lockedBy: row.locked_by,
  };
}

export interface NewJob {
  id: string;
  kind: string;
  payload: unknown;
  runAt: string;
  maxAttempts: number;
}

export interface Schedule {
  name: string;
  kind: string;
  payload: unknown;
  intervalSeconds: number;
  nextRunAt: string;
}

export class JobRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  async enqueue(job: NewJob, now: string): Promise<void> {
    await this.db
      .insertInto('jobs')
      .values({
        id: job.id,
        kind: job.kind,
        payload: toJson(job.payload),
        state: 'queued',
        run_at: job.runAt,
        attempts: 0,
        max_attempts: job.maxAttempts,
        last_error: null,
        locked_by: null,
        locked_until: null,
        created_at: now,
        finished_at: null,
      })
      .execute();
  }

  /**
   * Claims up to `limit` due jobs for `worker`, including running ones whose lease ran out
   * (their worker died). PostgreSQL: SKIP LOCKED lets concurrent workers claim disjoint sets.
   * SQLite: the caller's immediate transaction already excludes other writers.
   */
  async claim(worker: string, now: string, leaseUntil: string, limit: number): Promise<Job[]> {
    let due = this.db
      .selectFrom('jobs')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('state', '=', 'queued'), eb('run_at', '<=', now)]),
          eb.and([eb('state', '=', 'running'), eb('locked_until', '<', now)]),
        ]),
      )
      .orderBy('run_at')
      .limit(limit);
    if (this.dialect === 'postgres') due = due.forUpdate().skipLocked();
    const rows = await this.db
      .updateTable('jobs')
      .set((eb) => ({
        state: 'running',
        locked_by: worker,
        locked_until: leaseUntil,
        attempts: eb('attempts', '+', 1),
      }))
      .where('id', 'in', due)
      .returningAll()
      .execute();
    return rows.map(toJob);
  }

  async complete(id: string, now: string): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ state: 'done', finished_at: now, locked_until: null, last_error: null })
      .where('id', '=', id)
      .execute();
  }

  async fail(id: string, error: string, retryAt: string | null, now: string): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set(
        retryAt
          ? { state: 'queued', run_at: retryAt, last_error: error, locked_until: null }
          : { state: 'dead', last_error: error, finished_at: now, locked_until: null },
      )
      .where('id', '=', id)
      .execute();
  }

  async get(id: string): Promise<Job | null> {
    const row = await this.db
      .selectFrom('jobs')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toJob(row) : null;
  }

  async countByState(): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('jobs')
      .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('state')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  }

  /**
   * Whether this transaction may run the scheduler. PostgreSQL: a transaction-scoped advisory
   * lock, so one scheduler among many processes acts per tick. SQLite: always, the write
   * lock already serialises ticks.
   */
  async trySchedulerLock(): Promise<boolean> {
    if (this.dialect === 'sqlite') return true;
    const { rows } = await sql<{
      locked: boolean;
    }>`select pg_try_advisory_xact_lock(7262002) as locked`.execute(this.db);
    return rows[0]?.locked === true;
  }

  async upsertSchedule(schedule: Schedule): Promise<void> {
    await this.db
      .insertInto('schedules')
      .values({
        name: schedule.name,
        kind: schedule.kind,
        payload: toJson(schedule.payload),
        interval_seconds: schedule.intervalSeconds,
        next_run_at: schedule.nextRunAt,
      })
      .onConflict((oc) =>
        oc.column('name').doUpdateSet({
          kind: schedule.kind,
          payload: toJson(schedule.payload),
          interval_seconds: schedule.intervalSeconds,
        }),
      )
      .execute();
  }

  async dueSchedules(now: string): Promise<Schedule[]> {
    const rows = await this.db
      .selectFrom('schedules')
      .selectAll()
      .where('next_run_at', '<=', now)
      .execute();
    return rows.map((r) => ({
      name: r.name,
      kind: r.kind,
      payload: fromJson(r.payload),
      intervalSeconds: r.interval_seconds,
      nextRunAt: r.next_run_at,
    }));
  }

  async advanceSchedule(name: string, nextRunAt: string): Promise<void> {
    await this.db
      .updateTable('schedules')
      .set({ next_run_at: nextRunAt })
      .where('name', '=', name)
      .execute();
  }
}
