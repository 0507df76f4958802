import { SYSTEM } from '../src/core/auth/policy.js';
import { createServices } from '../src/services/index.js';
import { inTransaction } from '../src/services/unit-of-work.js';
import type { Database } from '../src/storage/database.js';
import { migrateToLatest } from '../src/storage/migrate.js';
import { Worker } from '../src/worker/runner.js';
import { onEachDatabase, type BenchRow } from './harness.js';

const MESSAGES = 5_000;

async function measureOn(database: Database, label: string): Promise<BenchRow[]> {
  await migrateToLatest(database);
  const services = createServices(database);
  const org = await services.registry.createOrganisation(SYSTEM, {
    kind: 'operator',
    nameZh: '基准',
    nameEn: 'Bench',
    country: 'CN',
    region: 'CN-GD',
  });
  const send = () =>
    inTransaction(database, SYSTEM, async (uow) => {
      for (let i = 0; i < MESSAGES; i++)
        await uow.send({ orgId: org.id, userId: null, subject: `m${i}`, body: 'bench' });
    });

  // Baseline: the same deliveries called directly, with no queue around them.
  await send();
  const pending = await database.db
    .selectFrom('outbox')
    .select('id')
    .where('state', '=', 'pending')
    .execute();
  let started = performance.now();
  for (const { id } of pending) await services.delivery.deliver(id);
  const directSeconds = (performance.now() - started) / 1000;
  await database.db.deleteFrom('jobs').execute();

  await send();
  const worker = new Worker(services, { batch: 50 });
  started = performance.now();
  while ((await worker.runOnce()) > 0);
  const seconds = (performance.now() - started) / 1000;
  const counts = await services.jobs.counts();
  if (counts.done !== MESSAGES)
    throw new Error(`expected ${MESSAGES} jobs done, got ${JSON.stringify(counts)}`);
  return [
    {
      name: `job runner: ${MESSAGES.toLocaleString('en')} outbox deliveries, ${label}`,
      value: MESSAGES / seconds,
      unit: 'jobs/s',
      baseline: { name: 'the same deliveries called directly', value: MESSAGES / directSeconds },
    },
  ];
}

export function run(): Promise<BenchRow[]> {
  return onEachDatabase(measureOn);
}
