import type { User } from '../../contract/auth.js';
import type { Db } from '../database.js';
import { paginate } from '../pagination.js';
import type { UsersTable } from '../schema.js';

export interface StoredUser extends User {
  passwordHash: string;
  failedLogins: number;
  lockedUntil: string | null;
}

function toUser(row: UsersTable): StoredUser {
  return {
    id: row.id,
    orgId: row.org_id,
    username: row.username,
    displayName: row.display_name,
    email: row.email,
    role: row.role as User['role'],
    language: row.language as User['language'],
    disabled: row.disabled === 1,
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
    passwordHash: row.password_hash,
    failedLogins: row.failed_logins,
    lockedUntil: row.locked_until,
  };
}

/** The public view: never the hash or the lockout counters. */
export function publicUser({
  passwordHash: _h,
  failedLogins: _f,
  lockedUntil: _l,
  ...user
}: StoredUser): User {
  return user;
}

export class UserRepository {
  constructor(private readonly db: Db) {}

  async insert(row: UsersTable): Promise<StoredUser> {
    await this.db.insertInto('users').values(row).execute();
    return toUser(row);
  }

  async get(id: string): Promise<StoredUser | null> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async byUsername(username: string): Promise<StoredUser | null> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', username)
      .executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async update(id: string, changes: Partial<Omit<UsersTable, 'id' | 'created_at'>>): Promise<void> {
    await this.db.updateTable('users').set(changes).where('id', '=', id).execute();
  }

  async list(orgId: string | undefined, cursor: string | undefined, limit: number) {
    let q = this.db.selectFrom('users').selectAll();
    if (orgId) q = q.where('org_id', '=', orgId);
    const page = await paginate(q, {
      column: 'username',
      idColumn: 'id',
      descending: false,
      cursor,
      limit,
    });
    return { items: page.rows.map((r) => publicUser(toUser(r))), nextCursor: page.nextCursor };
  }

  async count(): Promise<number> {
    const { n } = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(n);
  }
}
