import type { ExpressionBuilder, SelectQueryBuilder } from 'kysely';
import { validationError } from '../core/errors.js';

/** Where the previous page ended: the sort key's value and the id that breaks ties. */
interface CursorPosition {
  key: string | number;
  id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.key, position.id])).toString('base64url');
}

export function decodeCursor(cursor: string): CursorPosition {
  try {
    const [key, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if ((typeof key === 'string' || typeof key === 'number') && typeof id === 'string')
      return { key, id };
  } catch {
    // fall through to the error below
  }
  throw validationError([{ field: '/cursor', reason: 'is not a cursor this server issued' }]);
}

/**
 * Keyset pagination over (column, idColumn): stable under inserts, and each page is an index
 * range scan rather than an OFFSET that reads every skipped row.
 */
export async function paginate<DB, TB extends keyof DB, O extends Record<string, unknown>>(
  query: SelectQueryBuilder<DB, TB, O>,
  options: {
    column: string;
    idColumn: string;
    descending: boolean;
    cursor?: string;
    limit: number;
  },
): Promise<{ rows: O[]; nextCursor: string | null }> {
  const { column, idColumn, descending, limit } = options;
  let q = query;
  if (options.cursor) {
    const { key, id } = decodeCursor(options.cursor);
    const op = descending ? '<' : '>';
    q = q.where((eb: ExpressionBuilder<DB, TB>) =>
      eb.or([
        eb(eb.ref(column as never), op, key as never),
        eb.and([
          eb(eb.ref(column as never), '=', key as never),
          eb(eb.ref(idColumn as never), op, id as never),
        ]),
      ]),
    );
  }
  const direction = descending ? 'desc' : 'asc';
  const rows = await q
    .orderBy(column as never, direction)
    .orderBy(idColumn as never, direction)
    .limit(limit + 1)
    .execute();
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  const plainColumn = column.split('.').pop()!;
  const plainId = idColumn.split('.').pop()!;
  return {
    rows: page,
    nextCursor:
      more && last
        ? encodeCursor({ key: last[plainColumn] as string | number, id: String(last[plainId]) })
        : null,
  };
}
