import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../database.js';

/** Delivery beyond the inbox: e-mail and webhook messages in the outbox, webhook endpoints, and every attempt. */
export function delivery(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('outbox').addColumn('recipient', 'text').execute();
      await db.schema.alterTable('outbox').addColumn('html', 'text').execute();
      await db.schema.alterTable('outbox').addColumn('contact_id', 'text').execute();
      await db.schema.alterTable('outbox').addColumn('webhook_id', 'text').execute();
      // A notice names its template and parameters; the worker renders it per channel and recipient.
      await db.schema.alterTable('outbox').addColumn('template', 'text').execute();
      await db.schema.alterTable('outbox').addColumn('params', 'text').execute();

      await db.schema
        .createTable('webhooks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) =>
          c.notNull().references('organisations.id').onDelete('cascade'),
        )
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('allow_private', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('webhooks_org').on('webhooks').column('org_id').execute();

      await db.schema
        .createTable('delivery_attempts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('outbox_id', 'text', (c) =>
          c.notNull().references('outbox.id').onDelete('cascade'),
        )
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('ok', 'integer', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('delivery_attempts_outbox')
        .on('delivery_attempts')
        .column('outbox_id')
        .execute();
    },
  };
}
