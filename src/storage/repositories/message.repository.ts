import type { InboxMessage } from '../../contract/audit.js';
import type { Db } from '../database.js';
import { paginate } from '../pagination.js';
import type { InboxMessagesTable, OutboxTable, WebhooksTable } from '../schema.js';

export type Channel = 'notice' | 'inbox' | 'email' | 'webhook';

/** A row of the outbox as written; `notice` rows carry a template and are fanned out by the worker. */
export interface OutgoingMessage {
  id: string;
  channel: Channel;
  orgId: string;
  userId: string | null;
  subject: string;
  body: string;
  html?: string | null;
  recipient?: string | null;
  contactId?: string | null;
  webhookId?: string | null;
  template?: string | null;
  params?: Record<string, unknown> | null;
  attachments?: OutgoingAttachment[] | null;
}

/**
 * A file sent with an e-mail. `roles` limits it to contacts in those roles (X-ARF reports go to
 * abuse desks only); absent, every e-mail recipient gets it.
 */
export interface OutgoingAttachment {
  filename: string;
  contentType: string;
  content: string;
  roles?: string[];
}

function toInbox(row: InboxMessagesTable): InboxMessage {
  return {
    id: row.id,
    orgId: row.org_id,
    userId: row.user_id,
    subject: row.subject,
    body: row.body,
    createdAt: row.created_at,
    readAt: row.read_at,
  };
}

/** The outbox (written with the change that causes a message), the in-app inbox, webhook endpoints and delivery attempts. */
export class MessageRepository {
  constructor(private readonly db: Db) {}

  async addToOutbox(message: OutgoingMessage, now: string): Promise<void> {
    await this.db
      .insertInto('outbox')
      .values({
        id: message.id,
        channel: message.channel,
        org_id: message.orgId,
        user_id: message.userId,
        subject: message.subject,
        body: message.body,
        html: message.html ?? null,
        recipient: message.recipient ?? null,
        contact_id: message.contactId ?? null,
        webhook_id: message.webhookId ?? null,
        template: message.template ?? null,
        params: message.params ? JSON.stringify(message.params) : null,
        attachments: message.attachments?.length ? JSON.stringify(message.attachments) : null,
        state: 'pending',
        created_at: now,
        delivered_at: null,
      })
      .execute();
  }

  async outgoing(id: string): Promise<OutboxTable | null> {
    return (
      (await this.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst()) ??
      null
    );
  }

  async markDelivered(id: string, now: string): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ state: 'delivered', delivered_at: now })
      .where('id', '=', id)
      .execute();
  }

  async markFailed(id: string): Promise<void> {
    await this.db.updateTable('outbox').set({ state: 'failed' }).where('id', '=', id).execute();
  }

  async logAttempt(
    id: string,
    outboxId: string,
    at: string,
    ok: boolean,
    detail: string,
  ): Promise<void> {
    await this.db
      .insertInto('delivery_attempts')
      .values({ id, outbox_id: outboxId, at, ok: ok ? 1 : 0, detail: detail.slice(0, 2000) })
      .execute();
  }

  async attempts(outboxId: string) {
    return this.db
      .selectFrom('delivery_attempts')
      .selectAll()
      .where('outbox_id', '=', outboxId)
      .orderBy('at')
      .execute();
  }

  async addToInbox(row: InboxMessagesTable): Promise<void> {
    await this.db.insertInto('inbox_messages').values(row).execute();
  }

  /** A user's inbox: messages to the organisation as a whole and those addressed to the user. */
  async inbox(orgId: string, userId: string | null, cursor: string | undefined, limit: number) {
    const q = this.db
      .selectFrom('inbox_messages')
      .selectAll()
      .where('org_id', '=', orgId)
      .where((eb) =>
        eb.or([eb('user_id', 'is', null), ...(userId ? [eb('user_id', '=', userId)] : [])]),
      );
    const page = await paginate(q, {
      column: 'created_at',
      idColumn: 'id',
      descending: true,
      cursor,
      limit,
    });
    return { items: page.rows.map(toInbox), nextCursor: page.nextCursor };
  }

  async inboxMessage(id: string): Promise<InboxMessage | null> {
    const row = await this.db
      .selectFrom('inbox_messages')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toInbox(row) : null;
  }

  async markRead(id: string, now: string): Promise<void> {
    await this.db
      .updateTable('inbox_messages')
      .set({ read_at: now })
      .where('id', '=', id)
      .execute();
  }

  async webhooks(orgId: string): Promise<WebhooksTable[]> {
    return this.db
      .selectFrom('webhooks')
      .selectAll()
      .where('org_id', '=', orgId)
      .orderBy('created_at')
      .execute();
  }

  async webhook(id: string): Promise<WebhooksTable | null> {
    return (
      (await this.db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst()) ??
      null
    );
  }

  async addWebhook(row: WebhooksTable): Promise<void> {
    await this.db.insertInto('webhooks').values(row).execute();
  }

  async deleteWebhook(id: string): Promise<void> {
    await this.db.deleteFrom('webhooks').where('id', '=', id).execute();
  }
}
