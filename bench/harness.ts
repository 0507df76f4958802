import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../src/storage/database.js';
/** One measured figure. `ratio` compares with a baseline measured in the same process. */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  note?: string;
}
export function measure(fn: () => number, minMs = 1000): { ops: number; ms: number } {
  const started = performance.now();
  let ops = 0;
  let ms = 0;
  do {
    ops += fn();
    ms = performance.now() - started;
  } while (ms < minMs);
  return { ops, ms };
}

/**
 * Runs `measure` on a fresh SQLite file and, when FENGHUO_BENCH_PG_URL names a server the
 * benchmark may create databases on, on a fresh PostgreSQL database too; each is removed after.
 */
export async function onEachDatabase(
  measure: (database: Database, label: string) => Promise<BenchRow[]>,
): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'fenghuo-bench-'));
  const sqlite = openDatabase(`sqlite:${join(dir, 'bench.db')}`);
  const rows = await measure(sqlite, 'SQLite').finally(async () => {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const serverUrl = process.env.FENGHUO_BENCH_PG_URL;
  if (!serverUrl) return rows;
  const name = `fenghuo_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = openDatabase(url.toString());
  try {
    rows.push(...(await measure(database, 'PostgreSQL')));
  } finally {
    await database.close();
    await admin.query(`drop database ${name} with (force)`);
    await admin.end();
  }
  return rows;
}
