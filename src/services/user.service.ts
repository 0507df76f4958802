import type { User, UserInput, UserPatch } from '../contract/auth.js';
import type { Page } from '../contract/common.js';
import { changedFields } from '../core/audit/diff.js';
import { authorize, type Actor } from '../core/auth/policy.js';
import { hashPassword } from '../core/auth/password.js';
import { notFound, validationError } from '../core/errors.js';
import { uuidv7 } from '../core/ids.js';
import type { Database } from '../storage/database.js';
import { publicUser } from '../storage/repositories/user.repository.js';
import type { UsersTable } from '../storage/schema.js';
import { inTransaction, repositories } from './unit-of-work.js';

/** User accounts: only administrators (or the local operator at the CLI) manage them. */
export class UserService {
  constructor(private readonly database: Database) {}

  async list(
    actor: Actor,
    query: { orgId?: string; cursor?: string; limit?: number },
  ): Promise<Page<User>> {
    authorize(actor, 'user.manage');
    return repositories(this.database.db, this.database.dialect).users.list(
      query.orgId,
      query.cursor,
      query.limit ?? 50,
    );
  }

  async create(actor: Actor, input: UserInput): Promise<User> {
    authorize(actor, 'user.manage');
    const passwordHash = await hashPassword(input.password);
    return inTransaction(this.database, actor, async (uow) => {
      const org = await uow.repos.organisations.get(input.orgId);
      if (!org)
        throw validationError([
          { field: '/orgId', reason: `organisation ${input.orgId} does not exist` },
        ]);
      if (await uow.repos.users.byUsername(input.username)) {
        throw validationError([{ field: '/username', reason: 'is already taken' }]);
      }
      const row: UsersTable = {
        id: uuidv7(),
        org_id: org.id,
        username: input.username,
        display_name: input.displayName,
        email: input.email ?? null,
        role: input.role,
        language: input.language ?? org.language,
        password_hash: passwordHash,
        disabled: 0,
        failed_logins: 0,
        locked_until: null,
        created_at: uow.now,
        last_login_at: null,
      };
      const user = publicUser(await uow.repos.users.insert(row));
      await uow.audit('user.created', 'user', user.id, {
        username: user.username,
        role: user.role,
        orgId: user.orgId,
      });
      await uow.notify({
        orgId: user.orgId,
        userId: user.id,
        language: user.language,
        template: 'user.welcome',
        params: {
          displayName: user.displayName,
          username: user.username,
          role: user.role,
        },
      });
      return user;
    });
  }

  async update(actor: Actor, id: string, patch: UserPatch): Promise<User> {
    authorize(actor, 'user.manage');
    const passwordHash =
      patch.password === undefined ? undefined : await hashPassword(patch.password);
    return inTransaction(this.database, actor, async (uow) => {
      const existing = await uow.repos.users.get(id);
      if (!existing) throw notFound('user', id);
      const before = publicUser(existing);
      await uow.repos.users.update(id, {
        ...(patch.displayName !== undefined && { display_name: patch.displayName }),
        ...(patch.email !== undefined && { email: patch.email }),
        ...(patch.role !== undefined && { role: patch.role }),
        ...(patch.language !== undefined && { language: patch.language }),
        ...(patch.disabled !== undefined && { disabled: patch.disabled ? 1 : 0 }),
        ...(passwordHash !== undefined && {
          password_hash: passwordHash,
          failed_logins: 0,
          locked_until: null,
        }),
      });
      // Disabling or a new password ends every open session of the user.
      if (patch.disabled || passwordHash) await uow.repos.credentials.deleteSessionsOf(id);
      const after = publicUser((await uow.repos.users.get(id))!);
      await uow.audit('user.updated', 'user', id, {
        ...changedFields(before, after),
        ...(passwordHash && { password: 'changed' }),
      });
      return after;
    });
  }

  /** Finds a user by name, for the CLI. */
  async byUsername(actor: Actor, username: string): Promise<User> {
    authorize(actor, 'user.manage');
    const user = await repositories(this.database.db, this.database.dialect).users.byUsername(
      username,
    );
    if (!user) throw notFound('user', username);
    return publicUser(user);
  }
}
