import type { ApiToken, TokenScope } from '../../contract/auth.js';
import type { Db } from '../database.js';
import { fromJson, toJson } from '../json.js';
import { paginate } from '../pagination.js';
import type { ApiTokensTable, SessionsTable } from '../schema.js';

function toToken(row: ApiTokensTable): ApiToken {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    prefix: row.prefix,
    scopes: fromJson<TokenScope[]>(row.scopes),
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
    createdAt: row.created_at,
  };
}

/** Web sessions and API tokens: the two kinds of bearer credential, stored by hash. */
export class CredentialRepository {
  constructor(private readonly db: Db) {}

  async insertSession(row: SessionsTable): Promise<void> {
    await this.db.insertInto('sessions').values(row).execute();
  }

  async session(idHash: string): Promise<SessionsTable | null> {
    return (
      (await this.db
        .selectFrom('sessions')
        .selectAll()
        .where('id', '=', idHash)
        .executeTakeFirst()) ?? null
    );
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', idHash).execute();
  }

  async deleteSessionsOf(userId: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  }

  async deleteExpiredSessions(now: string): Promise<number> {
    const result = await this.db
      .deleteFrom('sessions')
      .where('expires_at', '<', now)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async insertToken(token: ApiToken, secretHash: string): Promise<void> {
    await this.db
      .insertInto('api_tokens')
      .values({
        id: token.id,
        user_id: token.userId,
        name: token.name,
        prefix: token.prefix,
        secret_hash: secretHash,
        scopes: toJson(token.scopes),
        expires_at: token.expiresAt,
        revoked_at: token.revokedAt,
        last_used_at: token.lastUsedAt,
        created_at: token.createdAt,
      })
      .execute();
  }

  async tokenBySecretHash(secretHash: string): Promise<ApiToken | null> {
    const row = await this.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('secret_hash', '=', secretHash)
      .executeTakeFirst();
    return row ? toToken(row) : null;
  }

  async token(id: string): Promise<ApiToken | null> {
    const row = await this.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toToken(row) : null;
  }

  async revokeToken(id: string, now: string): Promise<void> {
    await this.db.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', id).execute();
  }

  async touchToken(id: string, now: string): Promise<void> {
    await this.db
      .updateTable('api_tokens')
      .set({ last_used_at: now })
      .where('id', '=', id)
      .execute();
  }

  async tokens(userId: string | undefined, cursor: string | undefined, limit: number) {
    let q = this.db.selectFrom('api_tokens').selectAll();
    if (userId) q = q.where('user_id', '=', userId);
    const page = await paginate(q, {
      column: 'created_at',
      idColumn: 'id',
      descending: true,
      cursor,
      limit,
    });
    return { items: page.rows.map(toToken), nextCursor: page.nextCursor };
  }
}
