import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { translateDriverError } from './errors.js';
import type { Schema } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<Schema>;

export interface Database {
  readonly db: Db;
  readonly dialect: Dialect;
  /**
   * The SQLite connection itself, for the few hot paths (bulk finding writes) where Kysely's
   * per-query cost would dominate; statements run on it join the transaction in progress.
   */
  readonly sqlite: SQLite.Database | null;
  /** Runs `fn` in one transaction; driver errors come out as DomainErrors. */
  transaction<T>(fn: (trx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// COUNT(*) and bigint columns come back from pg as strings; every such value here fits a double.
pg.types.setTypeParser(20, (value) => Number(value));

/**
 * Opens `sqlite:PATH`, `sqlite::memory:` or `postgres://…`.
 * @example const database = openDatabase('sqlite:./var/fenghuo.db');
 */
export function openDatabase(url: string): Database {
  if (url.startsWith('sqlite:')) return openSqlite(url.slice('sqlite:'.length));
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return openPostgres(url);
  throw new Error(`FENGHUO_DATABASE_URL must start with sqlite: or postgres:// (got ${url})`);
}

function openSqlite(path: string): Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const connection = new SQLite(path);
  connection.pragma('journal_mode = WAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 10000');
  connection.pragma('synchronous = NORMAL');
  // 64 MiB of page cache instead of 2: bulk writes into large indexes (findings) mostly hit memory.
  connection.pragma('cache_size = -65536');
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: connection }) });
  return {
    db,
    dialect: 'sqlite',
    sqlite: connection,
    // BEGIN IMMEDIATE takes the write lock up front: a deferred transaction that reads and
    // then writes fails at once with SQLITE_BUSY when another process wrote in between.
    transaction: (fn) =>
      guarded(() =>
        db.connection().execute(async (conn) => {
          await sql`begin immediate`.execute(conn);
          try {
            const result = await fn(conn);
            await sql`commit`.execute(conn);
            return result;
          } catch (error) {
            await sql`rollback`.execute(conn);
            throw error;
          }
        }),
      ),
    close: () => db.destroy(),
  };
}

function openPostgres(url: string): Database {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection the server closed (restart, admin command) is dropped from the pool and
  // replaced on next use; unhandled, pg's 'error' event would end the whole process.
  pool.on('error', () => undefined);
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    sqlite: null,
    transaction: (fn) => guarded(() => db.transaction().execute(fn)),
    close: () => db.destroy(),
  };
}

async function guarded<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw translateDriverError(error);
  }
}
