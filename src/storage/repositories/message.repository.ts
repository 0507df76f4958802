import type { InboxMessage } from '../../contract/audit.js';
import type { Db } from '../database.js';
import { paginate } from '../pagination.js';
import type { InboxMessagesTable, OutboxTable } from '../schema.js';

export interface OutgoingMessage {
  id: string;
  channel: 'inbox';
  orgId: string;
  userId: string | null;
  subject: string;
  body: string;
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

/** The outbox (written with the change that causes a message) and the in-app inbox it delivers to. */
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
}
