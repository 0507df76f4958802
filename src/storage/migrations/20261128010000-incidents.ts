import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../database.js';
import { jsonColumnType } from '../json.js';

/** Statutory incident reports: incidents, their stage submissions, their clocks, and the receipt signing key. */
export function incidents(dialect: Dialect): Migration {
  const json = jsonColumnType(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('incidents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('reference', 'text', (c) => c.notNull().unique())
        .addColumn('reporter_org_id', 'text', (c) => c.notNull().references('organisations.id'))
        .addColumn('reported_by', 'text')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('tlp', 'text', (c) => c.notNull())
        .addColumn('facts', json, (c) => c.notNull())
        .addColumn('anchors', json, (c) => c.notNull())
        .addColumn('details', json, (c) => c.notNull())
        .addColumn('grade_overrides', json, (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('incidents_reporter')
        .on('incidents')
        .columns(['reporter_org_id', 'created_at'])
        .execute();
      await db.schema
        .createIndex('incidents_created')
        .on('incidents')
        .columns(['created_at', 'id'])
        .execute();

      await db.schema
        .createTable('incident_submissions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('incident_id', 'text', (c) =>
          c.notNull().references('incidents.id').onDelete('cascade'),
        )
        .addColumn('pack', 'text', (c) => c.notNull())
        .addColumn('stage', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('content', json, (c) => c.notNull())
        .addColumn('submitted_at', 'text', (c) => c.notNull())
        .addColumn('submitted_by', 'text')
        .addColumn('idempotency_key', 'text', (c) => c.unique())
        .addColumn('receipt', json, (c) => c.notNull())
        .addUniqueConstraint('incident_submissions_version', [
          'incident_id',
          'pack',
          'stage',
          'version',
        ])
        .execute();

      await db.schema
        .createTable('incident_clocks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('incident_id', 'text', (c) =>
          c.notNull().references('incidents.id').onDelete('cascade'),
        )
        .addColumn('pack', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('ref', 'text', (c) => c.notNull())
        .addColumn('owed_by', json, (c) => c.notNull())
        .addColumn('owed_to', json, (c) => c.notNull())
        .addColumn('anchor_at', 'text')
        .addColumn('due_at', 'text')
        .addColumn('immediate', 'integer', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('met_at', 'text')
        .addColumn('waived_reason', 'text')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('certainty', 'text', (c) => c.notNull())
        .addColumn('reminders_sent', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_fire_at', 'text')
        .addUniqueConstraint('incident_clocks_key', ['incident_id', 'pack', 'kind', 'ref'])
        .execute();
      // The scheduler's one query: the next clocks to act on, by time.
      await db.schema
        .createIndex('incident_clocks_next_fire')
        .on('incident_clocks')
        .column('next_fire_at')
        .execute();

      await db.schema
        .createTable('signing_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('public_key', 'text', (c) => c.notNull())
        .addColumn('private_key', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
