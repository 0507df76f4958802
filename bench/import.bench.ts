import { SYSTEM } from '../src/core/auth/policy.js';
import { uuidv7 } from '../src/core/ids.js';
import { parseImportFile } from '../src/core/registry/import-rows.js';
import { createServices } from '../src/services/index.js';
import type { Database } from '../src/storage/database.js';
import { migrateToLatest } from '../src/storage/migrate.js';
import { onEachDatabase, type BenchRow } from './harness.js';

const ORGS = 20_000;
const NETWORKS = 100_000;

function orgsCsv(): string {
  const lines = ['external_id,kind,name_zh,name_en,country,region,sector'];
  for (let i = 0; i < ORGS; i++)
    lines.push(`bench-${i},operator,基准单位${i},Bench Operator ${i},CN,CN-GD,energy`);
  return lines.join('\n');
}

/** 100,000 distinct /28s under 10.0.0.0/8, spread over the organisations. */
function networksCsv(): string {
  const lines = ['org_external_id,value,note'];
  for (let i = 0; i < NETWORKS; i++) {
    const block = i * 16;
    lines.push(
      `bench-${i % ORGS},10.${(block >> 16) & 255}.${(block >> 8) & 255}.${block & 255}/28,`,
    );
  }
  return lines.join('\n');
}

async function measureOn(database: Database, label: string): Promise<BenchRow[]> {
  await migrateToLatest(database);
  const services = createServices(database);
  const orgs = orgsCsv();
  const networks = networksCsv();

  let started = performance.now();
  const orgReport = await services.imports.importFile(SYSTEM, 'orgs', 'csv', orgs);
  const orgSeconds = (performance.now() - started) / 1000;
  if (!orgReport.committed)
    throw new Error(`org import failed: ${JSON.stringify(orgReport.errors.slice(0, 3))}`);

  started = performance.now();
  const report = await services.imports.importFile(SYSTEM, 'networks', 'csv', networks, {
    source: 'bench',
  });
  const seconds = (performance.now() - started) / 1000;
  if (report.created !== NETWORKS) throw new Error(`network import created ${report.created}`);

  // Baseline: the same rows, already parsed, written straight in with no checks or upsert logic.
  const parsed = parseImportFile('networks', 'csv', networks.replaceAll(',10.', ',11.'));
  const orgIds = await services.database.db
    .selectFrom('organisations')
    .select(['id', 'external_id'])
    .execute();
  const idOf = new Map(orgIds.map((o) => [o.external_id, o.id]));
  started = performance.now();
  await database.transaction(async (trx) => {
    const now = new Date().toISOString();
    const values = parsed.rows.map(({ value }) => ({
      id: uuidv7(),
      org_id: idOf.get(value.orgExternalId)!,
      type: value.type,
      value: value.value,
      source: 'raw',
      note: null,
      created_at: now,
    }));
    for (let i = 0; i < values.length; i += 100)
      await trx
        .insertInto('networks')
        .values(values.slice(i, i + 100))
        .execute();
  });
  const rawSeconds = (performance.now() - started) / 1000;

  started = performance.now();
  const again = await services.imports.importFile(SYSTEM, 'networks', 'csv', networks, {
    source: 'bench',
  });
  const reimportSeconds = (performance.now() - started) / 1000;
  if (again.unchanged !== NETWORKS)
    throw new Error(`re-import changed ${NETWORKS - again.unchanged} rows`);

  return [
    {
      name: `import ${ORGS.toLocaleString('en')} organisations (CSV), ${label}`,
      value: orgSeconds,
      unit: 's',
    },
    {
      name: `import ${NETWORKS.toLocaleString('en')} network rows (CSV), ${label}`,
      value: NETWORKS / seconds,
      unit: 'rows/s',
      note: `${seconds.toFixed(1)} s`,
      baseline: { name: 'raw batched INSERT of pre-parsed rows', value: NETWORKS / rawSeconds },
    },
    {
      name: `re-import the same ${NETWORKS.toLocaleString('en')} rows (all unchanged), ${label}`,
      value: NETWORKS / reimportSeconds,
      unit: 'rows/s',
      note: `${reimportSeconds.toFixed(1)} s`,
    },
  ];
}

export function run(): Promise<BenchRow[]> {
  return onEachDatabase(measureOn);
}
