import type { InboxMessage } from '../contract/audit.js';
import type { Page } from '../contract/common.js';
import { authorize, type Actor } from '../core/auth/policy.js';
import { notFound, forbidden } from '../core/errors.js';
import type { Database } from '../storage/database.js';
import { inTransaction, repositories } from './unit-of-work.js';

/** The in-app inbox: the first delivery channel of the outbox. */
export class InboxService {
  constructor(private readonly database: Database) {}

  async list(actor: Actor, page: { cursor?: string; limit?: number }): Promise<Page<InboxMessage>> {
    authorize(actor, 'inbox.read');
    if (actor.kind !== 'user') throw forbidden('The inbox belongs to a user');
    return repositories(this.database.db, this.database.dialect).messages.inbox(
      actor.orgId,
      actor.userId,
      page.cursor,
      page.limit ?? 50,
    );
  }

  async markRead(actor: Actor, id: string): Promise<void> {
    authorize(actor, 'inbox.read');
    await inTransaction(this.database, actor, async (uow) => {
      const message = await uow.repos.messages.inboxMessage(id);
      const mine =
        actor.kind === 'user' &&
        message?.orgId === actor.orgId &&
        (message.userId === null || message.userId === actor.userId);
      if (!message || !mine) throw notFound('message', id);
      if (!message.readAt) await uow.repos.messages.markRead(id, uow.now);
    });
  }
}
