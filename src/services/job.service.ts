import { SYSTEM } from '../core/auth/policy.js';
import { uuidv7 } from '../core/ids.js';
import { addSeconds, isoNow } from '../core/time.js';
import type { Database } from '../storage/database.js';
import type { Job, Schedule } from '../storage/repositories/job.repository.js';
import { inTransaction, repositories } from './unit-of-work.js';

export type { Job, Schedule };

/** Exponential backoff: 2 s, 4 s, 8 s, … capped at an hour. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(3600, 2 ** attempts);
}

/** The durable job queue and recurring schedules that worker/ runs. */
export class JobService {
  constructor(private readonly database: Database) {}

  async enqueue(
    kind: string,
    payload: unknown,
    options: { runAt?: string; maxAttempts?: number } = {},
  ): Promise<string> {
    const id = uuidv7();
    await inTransaction(this.database, SYSTEM, async (uow) => {
      await uow.repos.jobs.enqueue(
        {
          id,
          kind,
          payload,
          runAt: options.runAt ?? uow.now,
          maxAttempts: options.maxAttempts ?? 5,
        },
        uow.now,
      );
    });
    return id;
  }

  async claim(worker: string, limit: number, leaseSeconds: number): Promise<Job[]> {
    return this.database.transaction(async (trx) => {
      const now = isoNow();
      return repositories(trx, this.database.dialect).jobs.claim(
        worker,
        now,
        addSeconds(now, leaseSeconds),
        limit,
      );
    });
  }

  async complete(id: string): Promise<void> {
    await repositories(this.database.db, this.database.dialect).jobs.complete(id, isoNow());
  }

  /** Records a failure: retried later with backoff, or dead once its attempts are spent (returns true then). */
  async fail(job: Job, error: string): Promise<boolean> {
    const now = isoNow();
    const retryAt =
      job.attempts < job.maxAttempts ? addSeconds(now, retryDelaySeconds(job.attempts)) : null;
    await repositories(this.database.db, this.database.dialect).jobs.fail(
      job.id,
      error.slice(0, 2000),
      retryAt,
      now,
    );
    return retryAt === null;
  }

  async get(id: string): Promise<Job | null> {
    return repositories(this.database.db, this.database.dialect).jobs.get(id);
  }

  async counts(): Promise<Record<string, number>> {
    return repositories(this.database.db, this.database.dialect).jobs.countByState();
  }

  async defineSchedule(
    name: string,
    kind: string,
    payload: unknown,
    intervalSeconds: number,
  ): Promise<void> {
    await this.database.transaction((trx) =>
      repositories(trx, this.database.dialect).jobs.upsertSchedule({
        name,
        kind,
        payload,
        intervalSeconds,
        nextRunAt: isoNow(),
      }),
    );
  }

  /**
   * One scheduler tick: enqueues every due recurring job and moves its next run on, in one
   * transaction that only one process at a time may run. Returns the number enqueued.
   */
  async tick(): Promise<number> {
    return this.database.transaction(async (trx) => {
      const jobs = repositories(trx, this.database.dialect).jobs;
      if (!(await jobs.trySchedulerLock())) return 0;
      const now = isoNow();
      const due = await jobs.dueSchedules(now);
      for (const schedule of due) {
        await jobs.enqueue(
          {
            id: uuidv7(),
            kind: schedule.kind,
            payload: schedule.payload,
            runAt: now,
            maxAttempts: 3,
          },
          now,
        );
        let next = schedule.nextRunAt;
        while (next <= now) next = addSeconds(next, schedule.intervalSeconds);
        await jobs.advanceSchedule(schedule.name, next);
      }
      return due.length;
    });
  }
}
