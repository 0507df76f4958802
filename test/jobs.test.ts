import { spawn, type ChildProcess } from 'node:child_process';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../src/core/auth/policy.js';
import { uuidv7 } from '../src/core/ids.js';
import { addSeconds, isoNow } from '../src/core/time.js';
import { createServices } from '../src/services/index.js';
import { retryDelaySeconds } from '../src/services/job.service.js';
import { inTransaction } from '../src/services/unit-of-work.js';
import { Worker } from '../src/worker/runner.js';
import { describeEachDialect, freshPostgres, PG_URL, type TestDatabase } from './helpers/db.js';
import { organisationFields } from './helpers/factories.js';

describe('backoff', () => {
  it('doubles per attempt and stops at an hour', () => {
    expect([1, 2, 3, 4].map(retryDelaySeconds)).toEqual([2, 4, 8, 16]);
    expect(retryDelaySeconds(30)).toBe(3600);
  });
});

describeEachDialect('jobs and the outbox', (db) => {
  const services = () => createServices(db());
  let orgId = '';

  beforeAll(async () => {
    orgId = (await services().registry.createOrganisation(SYSTEM, organisationFields())).id;
  });

  it('delivers an outbox message to the inbox once the transaction commits, exactly once', async () => {
    const s = services();
    await inTransaction(db(), SYSTEM, (uow) =>
      uow.send({ orgId, userId: null, subject: 'hello', body: 'world' }),
    );
    const worker = new Worker(s, { id: 'test' });
    expect(await worker.runOnce()).toBeGreaterThanOrEqual(1);
    const inbox = await db()
      .db.selectFrom('inbox_messages')
      .selectAll()
      .where('org_id', '=', orgId)
      .execute();
    expect(inbox.map((m) => m.subject)).toEqual(['hello']);
    // Running the delivery again (a retried job) adds nothing.
    const outbox = await db()
      .db.selectFrom('outbox')
      .select('id')
      .where('org_id', '=', orgId)
      .executeTakeFirstOrThrow();
    await s.delivery.deliver(outbox.id);
    expect(
      await db().db.selectFrom('inbox_messages').selectAll().where('org_id', '=', orgId).execute(),
    ).toHaveLength(1);
  });

  it('writes no outbox message when the transaction that sent it fails', async () => {
    await inTransaction(db(), SYSTEM, async (uow) => {
      await uow.send({ orgId, userId: null, subject: 'never', body: 'sent' });
      throw new Error('rolled back');
    }).catch(() => undefined);
    const rows = await db()
      .db.selectFrom('outbox')
      .selectAll()
      .where('subject', '=', 'never')
      .execute();
    expect(rows).toHaveLength(0);
  });

  it('retries a failing job with backoff, then marks it dead', async () => {
    const s = services();
    const id = await s.jobs.enqueue('no.such.kind', {}, { maxAttempts: 2 });
    const worker = new Worker(s, { id: 'test' });
    await worker.runOnce();
    const first = await s.jobs.get(id);
    expect(first).toMatchObject({ state: 'queued', attempts: 1 });
    expect(first!.lastError).toContain('no handler');
    expect(Date.parse(first!.runAt)).toBeGreaterThan(Date.now());
    // Make it due now instead of waiting for the backoff.
    await db().db.updateTable('jobs').set({ run_at: isoNow() }).where('id', '=', id).execute();
    await worker.runOnce();
    expect(await s.jobs.get(id)).toMatchObject({ state: 'dead', attempts: 2 });
  });

  it('does not run a delayed job before its time', async () => {
    const s = services();
    const id = await s.jobs.enqueue('sessions.purge', {}, { runAt: addSeconds(isoNow(), 3600) });
    await new Worker(s, { id: 'test' }).runOnce();
    expect(await s.jobs.get(id)).toMatchObject({ state: 'queued', attempts: 0 });
  });

  it('takes over a running job whose worker let its lease run out', async () => {
    const s = services();
    const id = await s.jobs.enqueue('sessions.purge', {});
    const stolen = await s.jobs.claim('dead-worker', 100, -1);
    expect(stolen.map((j) => j.id)).toContain(id);
    await new Worker(s, { id: 'rescuer' }).runOnce();
    expect(await s.jobs.get(id)).toMatchObject({ state: 'done', lockedBy: 'rescuer' });
  });

  it('enqueues a recurring job once per interval, however often the scheduler ticks', async () => {
    const s = services();
    await s.jobs.defineSchedule('test-recurring', 'sessions.purge', { marker: uuidv7() }, 3600);
    await Promise.all([s.jobs.tick(), s.jobs.tick(), s.jobs.tick()]);
    await s.jobs.tick();
    const rows = await db()
      .db.selectFrom('jobs')
      .select('payload')
      .where('kind', '=', 'sessions.purge')
      .execute();
    const schedule = await db()
      .db.selectFrom('schedules')
      .selectAll()
      .where('name', '=', 'test-recurring')
      .executeTakeFirstOrThrow();
    const marker = (
      typeof schedule.payload === 'string' ? JSON.parse(schedule.payload) : schedule.payload
    ).marker;
    const fromSchedule = rows.filter((r) => JSON.stringify(r.payload).includes(marker));
    expect(fromSchedule).toHaveLength(1);
  });
});

(PG_URL ? describe : describe.skip)('two worker processes on one PostgreSQL database', () => {
  let test: TestDatabase;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    test = await freshPostgres();
  });
  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
    await test.drop();
  });

  it('runs every job exactly once between them, and the scheduler only once', async () => {
    const services = createServices(test.database);
    const org = await services.registry.createOrganisation(SYSTEM, organisationFields());
    const count = 300;
    // Due a few seconds from now, so both processes are up and compete for them.
    const dueAt = addSeconds(isoNow(), 6);
    await inTransaction(test.database, SYSTEM, async (uow) => {
      for (let i = 0; i < count; i++)
        await uow.send({ orgId: org.id, userId: null, subject: `m${i}`, body: '' });
    });
    await test.database.db.updateTable('jobs').set({ run_at: dueAt }).execute();

    for (const name of ['w1', 'w2']) {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--role', 'worker'],
        {
          env: {
            ...process.env,
            FENGHUO_DATABASE_URL: test.url,
            FENGHUO_LOG_LEVEL: 'warn',
            WORKER_NAME: name,
          },
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      workers.push(child);
    }

    const deadline = Date.now() + 60_000;
    let done = 0;
    while (Date.now() < deadline) {
      const { rows } = await sql<{
        n: number;
      }>`select count(*) as n from jobs where kind = 'outbox.deliver' and state = 'done'`.execute(
        test.database.db,
      );
      done = Number(rows[0]!.n);
      if (done === count) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(done).toBe(count);
    await Promise.all(
      workers.map(
        (w) =>
          new Promise((resolve) => {
            w.once('exit', resolve);
            w.kill('SIGTERM');
          }),
      ),
    );

    const jobs = await test.database.db
      .selectFrom('jobs')
      .selectAll()
      .where('kind', '=', 'outbox.deliver')
      .execute();
    expect(jobs.every((j) => j.attempts === 1)).toBe(true);
    expect(new Set(jobs.map((j) => j.locked_by)).size).toBe(2);
    const inbox = await test.database.db.selectFrom('inbox_messages').select('outbox_id').execute();
    expect(inbox).toHaveLength(count);
    expect(new Set(inbox.map((m) => m.outbox_id)).size).toBe(count);
    const purges = await test.database.db
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', 'sessions.purge')
      .execute();
    expect(purges).toHaveLength(1);
  }, 90_000);
});
