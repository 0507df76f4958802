import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { openDatabase, type Database } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';

/** The PostgreSQL server for tests; CI sets it and then the PostgreSQL suites must run. */
export const PG_URL = process.env.FENGHUO_TEST_PG_URL;

export interface TestDatabase {
  database: Database;
  url: string;
  drop(): Promise<void>;
}

/** A fresh, migrated SQLite file in a temporary folder. */
export async function freshSqlite(): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'fenghuo-test-'));
  const url = `sqlite:${join(dir, 'fenghuo.db')}`;
  const database = openDatabase(url);
  await migrateToLatest(database);
  return {
    database,
    url,
    drop: async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh, migrated PostgreSQL database of its own on the test server, dropped afterwards. */
export async function freshPostgres(): Promise<TestDatabase> {
  if (!PG_URL) throw new Error('FENGHUO_TEST_PG_URL is not set');
  const name = `fenghuo_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const database = openDatabase(url.toString());
  await migrateToLatest(database);
  return {
    database,
    url: url.toString(),
    drop: async () => {
      await database.close();
      const cleanup = new pg.Client({ connectionString: PG_URL });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

export const DIALECTS = [
  { name: 'sqlite', available: true, fresh: freshSqlite },
  { name: 'postgres', available: PG_URL !== undefined, fresh: freshPostgres },
] as const;

/**
 * Runs a suite once per database engine, each on a fresh database. Without
 * FENGHUO_TEST_PG_URL the PostgreSQL run is reported as skipped; with it, a server that
 * cannot be reached fails the suite.
 */
export function describeEachDialect(
  title: string,
  body: (db: () => Database, url: () => string) => void,
): void {
  for (const dialect of DIALECTS) {
    (dialect.available ? describe : describe.skip)(`${title} [${dialect.name}]`, () => {
      let current: TestDatabase | undefined;
      beforeAll(async () => {
        current = await dialect.fresh();
      });
      afterAll(async () => {
        await current?.drop();
      });
      body(
        () => current!.database,
        () => current!.url,
      );
    });
  }
}
