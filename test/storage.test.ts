import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../src/core/errors.js';
import { uuidv7 } from '../src/core/ids.js';
import { isoNow } from '../src/core/time.js';
import { repositories } from '../src/services/unit-of-work.js';
import { decodeCursor } from '../src/storage/pagination.js';
import { describeEachDialect } from './helpers/db.js';
import { organisationFields } from './helpers/factories.js';

describeEachDialect('storage', (db) => {
  const repos = () => repositories(db().db, db().dialect);

  it('applies SQLite pragmas or runs on PostgreSQL', async () => {
    if (db().dialect === 'sqlite') {
      const { rows } = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db().db);
      expect(rows[0]?.journal_mode).toBe('wal');
      const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db().db);
      expect(fk.rows[0]?.foreign_keys).toBe(1);
    } else {
      const { rows } = await sql<{ v: string }>`show server_version`.execute(db().db);
      expect(rows[0]).toBeDefined();
    }
  });

  it('round-trips an organisation with its JSON columns', async () => {
    const id = uuidv7();
    const fields = organisationFields({
      externalIds: { uscc: '91440300MA5XXXXXX1' },
      remit: { sectors: ['finance'], regions: [], functions: ['sector_regulator'] },
      kind: 'authority',
    });
    await repos().organisations.insert(id, fields, isoNow());
    const back = await repos().organisations.get(id);
    expect(back).toMatchObject({
      id,
      externalIds: { uscc: '91440300MA5XXXXXX1' },
      remit: { sectors: ['finance'], regions: [], functions: ['sector_regulator'] },
    });
  });

  it('turns a unique violation into a domain error with a stable code', async () => {
    const fields = organisationFields({ externalId: 'dup-1' });
    await repos().organisations.insert(uuidv7(), fields, isoNow());
    const error = await db()
      .transaction((trx) =>
        repositories(trx, db().dialect).organisations.insert(uuidv7(), fields, isoNow()),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('unique_violation');
  });

  it('turns a foreign key violation into a domain error', async () => {
    const error = await db()
      .transaction((trx) =>
        repositories(trx, db().dialect).organisations.insert(
          uuidv7(),
          organisationFields({ parentId: uuidv7() }),
          isoNow(),
        ),
      )
      .catch((e: unknown) => e);
    expect((error as DomainError).code).toBe('foreign_key_violation');
  });

  it('turns a not-null violation into a domain error', async () => {
    const error = await db()
      .transaction((trx) =>
        sql`insert into counters (name, value) values (${'x'}, ${null})`.execute(trx),
      )
      .catch((e: unknown) => e);
    expect((error as DomainError).code).toBe('not_null_violation');
  });

  it('rolls back every write of a failed transaction', async () => {
    const id = uuidv7();
    await db()
      .transaction(async (trx) => {
        await repositories(trx, db().dialect).organisations.insert(
          id,
          organisationFields(),
          isoNow(),
        );
        throw new Error('boom');
      })
      .catch(() => undefined);
    expect(await repos().organisations.get(id)).toBeNull();
  });

  it('pages through a list with opaque cursors, without gaps or repeats', async () => {
    const prefix = `page-${Math.random().toString(36).slice(2, 8)}`;
    for (let i = 0; i < 7; i++) {
      await repos().organisations.insert(
        uuidv7(),
        organisationFields({ externalId: `${prefix}-${i}`, nameEn: `${prefix} ${i % 3}` }),
        isoNow(),
      );
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await repos().organisations.list(
        { q: prefix, limit: 3, cursor, sort: 'name' },
        { kind: 'all' },
      );
      seen.push(...page.items.map((o) => o.externalId!));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
  });
});

describe('cursors', () => {
  it('refuses a cursor the server did not issue, naming the field', () => {
    expect(() => decodeCursor('not-a-cursor')).toThrow(DomainError);
    try {
      decodeCursor('bm9wZQ');
    } catch (e) {
      expect((e as DomainError).fields[0]?.field).toBe('/cursor');
    }
  });
});
