import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../database.js';

/** Files attached to incidents, kept in the database with their SHA-256 so nothing can swap them unseen. */
export function attachments(dialect: Dialect): Migration {
  // One line of reason: PostgreSQL names binary columns bytea, SQLite blob.
  const binary = dialect === 'postgres' ? 'bytea' : 'blob';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('incident_attachments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('incident_id', 'text', (c) =>
          c.notNull().references('incidents.id').onDelete('cascade'),
        )
        .addColumn('filename', 'text', (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('content', binary, (c) => c.notNull())
        .addColumn('uploaded_by', 'text', (c) => c.notNull())
        .addColumn('uploaded_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('incident_attachments_incident')
        .on('incident_attachments')
        .column('incident_id')
        .execute();
    },
  };
}
