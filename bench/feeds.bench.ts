import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { uuidv7 } from '../src/core/ids.js';
import { seededRandom } from '../src/core/random.js';
import { openDatabase, type Database } from '../src/storage/database.js';
import { migrateToLatest } from '../src/storage/migrate.js';
import { createServices } from '../src/services/index.js';
import type { BenchRow } from './harness.js';

const ORGS = 20_000;
const PREFIXES = 100_000;
const ROWS = 1_000_000;
/** One row in twenty comes from space nobody registered: the unmatched queue. */
const UNMATCHED_SHARE = 0.05;

const HEADER =
  '"timestamp","ip","protocol","port","hostname","tag","dns_version","asn","geo","region","city","min_amplification","p0f_genre","p0f_detail","naics","sic","sector"';

/** The n-th of the registered /24s, under 10.0.0.0/8 and then 11.0.0.0/8, without its last octet. */
const prefixOf = (n: number) => `${10 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;

/** The constituency: 20,000 organisations, each with five /24s (100,000 prefixes). */
export async function seed(database: Database): Promise<void> {
  await migrateToLatest(database);
  const now = new Date().toISOString();
  const orgIds = Array.from({ length: ORGS }, () => uuidv7());
  await database.transaction(async (trx) => {
    for (let i = 0; i < ORGS; i += 500)
      await trx
        .insertInto('organisations')
        .values(
          orgIds.slice(i, i + 500).map((id, j) => ({
            id,
            external_id: `bench-${i + j}`,
            kind: 'operator',
            parent_id: null,
            name_zh: `基准单位${i + j}`,
            name_en: `Bench Operator ${i + j}`,
            sector: 'energy',
            region: 'CN-GD',
            country: 'CN',
            cii_designated: (i + j) % 50 === 0 ? (1 as const) : (0 as const),
            cii_department: null,
            cii_date: null,
            cii_legal_basis: null,
            remit: null,
            timezone: 'Asia/Shanghai',
            language: 'zh-CN',
            external_ids: '{}',
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
    for (let i = 0; i < PREFIXES; i += 1000)
      await trx
        .insertInto('networks')
        .values(
          Array.from({ length: Math.min(1000, PREFIXES - i) }, (_, j) => {
            const n = i + j;
            return {
              id: uuidv7(),
              org_id: orgIds[n % ORGS]!,
              type: 'cidr',
              value: `${prefixOf(n)}.0/24`,
              source: 'bench',
              note: null,
              created_at: now,
            };
          }),
        )
        .execute();
  });
}

/** A Shadowserver scan_dns report of ROWS rows, written as a stream so the generator stays small too. */
export async function generate(path: string): Promise<void> {
  const random = seededRandom(20261128);
  const out = createWriteStream(path);
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', r));
  await write(`${HEADER}\n`);
  let chunk = '';
  for (let i = 0; i < ROWS; i++) {
    const prefix = Math.floor(random() * PREFIXES);
    const host = Math.floor(random() * 256);
    const ip =
      random() < UNMATCHED_SHARE
        ? `172.${16 + (prefix & 15)}.${(prefix >> 4) & 255}.${host}`
        : `${prefixOf(prefix)}.${host}`;
    const second = String(i % 60).padStart(2, '0');
    chunk += `"2026-11-27 ${String(Math.floor(i / 60000) % 24).padStart(2, '0')}:${String(Math.floor(i / 1000) % 60).padStart(2, '0')}:${second}","${ip}","udp",53,"${ip.replaceAll('.', '-')}.example.net","openresolver","dnsmasq-2.${i % 90}",${4134 + (prefix % 7)},"CN","GUANGDONG","SHENZHEN","4.6190",,,0,0,\n`;
    if (chunk.length > 1 << 16) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise<void>((resolve) => out.end(resolve));
}

function child(url: string, file: string) {
  const output = execFileSync(
    process.execPath,
    ['--import', 'tsx', new URL('./feeds-child.ts', import.meta.url).pathname, url, file],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  return JSON.parse(output) as {
    seconds: number;
    peakMb: number;
    counts: {
      parsed: number;
      rejected: number;
      matched: number;
      unmatched: number;
      duplicates: number;
    };
    findings: number;
    digests: number;
    baseline: number;
  };
}

/** Sends a sample of the scheduled digests (CSV, X-ARF, link, outbox) and times it. */
async function sendSample(url: string): Promise<number> {
  const database = openDatabase(url);
  try {
    const services = createServices(database, { now: () => '2026-11-30T00:00:00.000Z' });
    const started = performance.now();
    const sent = await services.digests.sendDue();
    return sent / ((performance.now() - started) / 1000);
  } finally {
    await database.close();
  }
}

async function measure(label: string, url: string, file: string): Promise<BenchRow[]> {
  const database = openDatabase(url);
  await seed(database);
  await database.close();
  const result = child(url, file);
  const rate = (result.counts.parsed + result.counts.rejected) / result.seconds;
  return [
    {
      name: `ingest 1,000,000 scan_dns rows end to end, ${label} (${result.seconds.toFixed(1)} s; ${result.findings.toLocaleString('en')} findings, ${result.counts.unmatched.toLocaleString('en')} unmatched, ${result.counts.duplicates.toLocaleString('en')} duplicates, ${result.digests.toLocaleString('en')} digests scheduled)`,
      value: rate,
      unit: 'events/s',
      baseline: {
        name: 'one Kysely select and insert or update per event, 20,000 events',
        value: result.baseline,
      },
    },
    {
      name: `peak resident memory of the ingesting process, ${label}`,
      value: result.peakMb,
      unit: 'MB',
    },
    {
      name: `send due digests (findings → notified, CSV + X-ARF, outbox), ${label}`,
      value: await sendSample(url),
      unit: 'digests/s',
    },
  ];
}

export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'fenghuo-bench-feeds-'));
  try {
    const file = join(dir, 'scan_dns-bench.csv');
    await generate(file);
    const rows = await measure('SQLite', `sqlite:${join(dir, 'bench.db')}`, file);
    const serverUrl = process.env.FENGHUO_BENCH_PG_URL;
    if (serverUrl) {
      const name = `fenghuo_bench_${process.pid}_${Date.now()}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`create database ${name}`);
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      try {
        rows.push(...(await measure('PostgreSQL', url.toString(), file)));
      } finally {
        await admin.query(`drop database ${name} with (force)`);
        await admin.end();
      }
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
