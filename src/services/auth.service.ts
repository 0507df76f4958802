import type {
  ApiToken,
  CreatedToken,
  SessionInfo,
  TokenInput,
  TokenScope,
} from '../contract/auth.js';
import type { Page } from '../contract/common.js';
import { authorize, can, type Actor } from '../core/auth/policy.js';
import { hashPassword, verifyPassword } from '../core/auth/password.js';
import { hashSecret, newSecret } from '../core/auth/secrets.js';
import { DomainError, notFound } from '../core/errors.js';
import { uuidv7 } from '../core/ids.js';
import { addSeconds, isoNow } from '../core/time.js';
import type { Database } from '../storage/database.js';
import { publicUser, type StoredUser } from '../storage/repositories/user.repository.js';
import { inTransaction, repositories } from './unit-of-work.js';

const SESSION_SECONDS = 12 * 3600;
const MAX_FAILED_LOGINS = 5;
const LOCKOUT_SECONDS = 15 * 60;
const TOKEN_TOUCH_SECONDS = 60;

// Verifying against this when the user does not exist keeps the answer's timing the same.
const DUMMY_HASH = hashPassword('not a real password');

export interface SessionGrant {
  /** The cookie value; only its hash is stored. */
  secret: string;
  info: SessionInfo;
}

/** Logging in and out, web sessions, API tokens, and turning a credential into an Actor. */
export class AuthService {
  constructor(private readonly database: Database) {}

  private get reader() {
    return repositories(this.database.db, this.database.dialect);
  }

  async login(username: string, password: string): Promise<SessionGrant> {
    const user = await this.reader.users.byUsername(username);
    const now = isoNow();
    if (!user) {
      await verifyPassword(password, await DUMMY_HASH);
      throw new DomainError('invalid_credentials', 'Wrong username or password');
    }
    if (user.lockedUntil && user.lockedUntil > now) {
      throw new DomainError(
        'account_locked',
        `Too many failed attempts; try again after ${user.lockedUntil}`,
        [],
        {
          lockedUntil: user.lockedUntil,
        },
      );
    }
    const passwordOk = await verifyPassword(password, user.passwordHash);
    if (!passwordOk || user.disabled) {
      await this.recordFailure(user);
      throw new DomainError('invalid_credentials', 'Wrong username or password');
    }
    const actor = await this.actorFor(user, null);
    const grant = await inTransaction(this.database, actor, async (uow) => {
      const secret = newSecret('fhs');
      const csrfToken = newSecret('fhs');
      const expiresAt = addSeconds(uow.now, SESSION_SECONDS);
      await uow.repos.users.update(user.id, {
        failed_logins: 0,
        locked_until: null,
        last_login_at: uow.now,
      });
      await uow.repos.credentials.insertSession({
        id: hashSecret(secret),
        user_id: user.id,
        csrf_token: csrfToken,
        created_at: uow.now,
        expires_at: expiresAt,
      });
      await uow.audit('user.logged_in', 'user', user.id, { username });
      return { secret, csrfToken, expiresAt, lastLoginAt: uow.now };
    });
    return {
      secret: grant.secret,
      info: await this.sessionInfo(
        { ...user, lastLoginAt: grant.lastLoginAt },
        grant.csrfToken,
        grant.expiresAt,
      ),
    };
  }

  private async recordFailure(user: StoredUser): Promise<void> {
    const failures = user.failedLogins + 1;
    const lock = failures >= MAX_FAILED_LOGINS;
    await inTransaction(this.database, { kind: 'system', label: 'login' }, async (uow) => {
      await uow.repos.users.update(user.id, {
        failed_logins: lock ? 0 : failures,
        locked_until: lock ? addSeconds(uow.now, LOCKOUT_SECONDS) : user.lockedUntil,
      });
      if (lock)
        await uow.audit('user.locked', 'user', user.id, { username: user.username, failures });
    });
  }

  async logout(actor: Actor, secret: string): Promise<void> {
    await inTransaction(this.database, actor, async (uow) => {
      await uow.repos.credentials.deleteSession(hashSecret(secret));
      if (actor.kind === 'user') await uow.audit('user.logged_out', 'user', actor.userId, {});
    });
  }

  /** The session behind a cookie, or null when it is unknown, expired or its user disabled. */
  async fromSession(secret: string): Promise<{ actor: Actor; info: SessionInfo } | null> {
    const repos = this.reader;
    const session = await repos.credentials.session(hashSecret(secret));
    if (!session || session.expires_at <= isoNow()) return null;
    const user = await repos.users.get(session.user_id);
    if (!user || user.disabled) return null;
    return {
      actor: await this.actorFor(user, null),
      info: await this.sessionInfo(user, session.csrf_token, session.expires_at),
    };
  }

  /** The actor behind an `Authorization: Bearer` token, or null. */
  async fromToken(secret: string): Promise<Actor | null> {
    const repos = this.reader;
    const token = await repos.credentials.tokenBySecretHash(hashSecret(secret));
    const now = isoNow();
    if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= now)) return null;
    const user = await repos.users.get(token.userId);
    if (!user || user.disabled) return null;
    // Last use is for people, so a minute's precision spares a write on every request.
    if (!token.lastUsedAt || token.lastUsedAt < addSeconds(now, -TOKEN_TOUCH_SECONDS)) {
      await repos.credentials.touchToken(token.id, now);
    }
    return this.actorFor(user, token.scopes);
  }

  async session(actor: Actor, secret: string): Promise<SessionInfo> {
    const found = await this.fromSession(secret);
    if (!found || actor.kind !== 'user') throw new DomainError('unauthenticated', 'Not signed in');
    return found.info;
  }

  async createToken(actor: Actor, input: TokenInput): Promise<CreatedToken> {
    authorize(actor, 'token.manage');
    const self = actor.kind === 'user' ? actor.userId : undefined;
    const userId = input.userId ?? self;
    if (!userId)
      throw new DomainError('validation_failed', 'A token needs a user', [
        { field: '/userId', reason: 'is required' },
      ]);
    if (userId !== self) authorize(actor, 'user.manage');
    return inTransaction(this.database, actor, async (uow) => {
      const user = await uow.repos.users.get(userId);
      if (!user) throw notFound('user', userId);
      const secret = newSecret('fh');
      const token: ApiToken = {
        id: uuidv7(),
        userId,
        name: input.name,
        prefix: secret.slice(0, 10),
        scopes: input.scopes,
        expiresAt: input.expiresInDays ? addSeconds(uow.now, input.expiresInDays * 86400) : null,
        revokedAt: null,
        lastUsedAt: null,
        createdAt: uow.now,
      };
      await uow.repos.credentials.insertToken(token, hashSecret(secret));
      await uow.audit('token.created', 'api_token', token.id, {
        userId,
        name: token.name,
        scopes: token.scopes,
      });
      await uow.notify({
        orgId: user.orgId,
        userId,
        language: user.language,
        template: 'token.created',
        params: { name: token.name, prefix: token.prefix, scopes: token.scopes.join(', ') },
      });
      return { token, secret };
    });
  }

  async listTokens(
    actor: Actor,
    page: { cursor?: string; limit?: number },
  ): Promise<Page<ApiToken>> {
    authorize(actor, 'token.manage');
    const userId = can(actor, 'user.manage')
      ? undefined
      : actor.kind === 'user'
        ? actor.userId
        : undefined;
    return this.reader.credentials.tokens(userId, page.cursor, page.limit ?? 50);
  }

  async revokeToken(actor: Actor, id: string): Promise<void> {
    authorize(actor, 'token.manage');
    await inTransaction(this.database, actor, async (uow) => {
      const token = await uow.repos.credentials.token(id);
      if (!token) throw notFound('api token', id);
      if (actor.kind === 'user' && token.userId !== actor.userId) authorize(actor, 'user.manage');
      if (token.revokedAt) return;
      await uow.repos.credentials.revokeToken(id, uow.now);
      await uow.audit('token.revoked', 'api_token', id, { userId: token.userId, name: token.name });
    });
  }

  /** Deletes expired sessions; run by a recurring job. */
  async purgeExpiredSessions(): Promise<number> {
    return this.reader.credentials.deleteExpiredSessions(isoNow());
  }

  private async actorFor(user: StoredUser, scopes: readonly TokenScope[] | null): Promise<Actor> {
    const org = await this.reader.organisations.get(user.orgId);
    return {
      kind: 'user',
      userId: user.id,
      orgId: user.orgId,
      role: user.role,
      label: user.username,
      scopes,
      remit: org?.remit ?? null,
    };
  }

  private async sessionInfo(
    user: StoredUser,
    csrfToken: string,
    expiresAt: string,
  ): Promise<SessionInfo> {
    const org = await this.reader.organisations.get(user.orgId);
    if (!org) throw notFound('organisation', user.orgId);
    return {
      user: publicUser(user),
      organisation: { id: org.id, nameZh: org.nameZh, nameEn: org.nameEn, kind: org.kind },
      csrfToken,
      expiresAt,
    };
  }
}
