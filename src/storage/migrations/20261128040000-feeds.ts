import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../database.js';
import { jsonColumnType } from '../json.js';

/**
 * Machine feeds: the feeds, every ingestion run with its counts and refused records, the
 * findings they produce per organisation, and the digests that tell each organisation.
 */
export function feeds(dialect: Dialect): Migration {
  // Findings number in the millions: a compact integer key, assigned in insertion order.
  const serial = dialect === 'postgres' ? 'bigserial' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      // Files that travel with a message (a digest's CSV and X-ARF reports), as JSON.
      await db.schema.alterTable('outbox').addColumn('attachments', 'text').execute();

      await db.schema
        .createTable('feeds')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('report', 'text')
        .addColumn('mapping', jsonColumnType(dialect))
        .addColumn('window_hours', 'integer', (c) => c.notNull())
        .addColumn('resend_after_days', 'integer', (c) => c.notNull())
        .addColumn('escalate_after_days', 'integer', (c) => c.notNull())
        .addColumn('pull_url', 'text')
        .addColumn('pull_every_minutes', 'integer')
        .addColumn('allow_private', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_pull_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('feed_runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('feed_id', 'text', (c) => c.notNull().references('feeds.id').onDelete('cascade'))
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('checkpoint', 'integer', (c) => c.notNull())
        .addColumn('read_count', 'integer', (c) => c.notNull())
        .addColumn('parsed', 'integer', (c) => c.notNull())
        .addColumn('rejected', 'integer', (c) => c.notNull())
        .addColumn('matched', 'integer', (c) => c.notNull())
        .addColumn('unmatched', 'integer', (c) => c.notNull())
        .addColumn('duplicates', 'integer', (c) => c.notNull())
        .addColumn('notified', 'integer', (c) => c.notNull())
        .addColumn('error', 'text')
        .addColumn('started_by', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .execute();
      await db.schema
        .createIndex('feed_runs_feed')
        .on('feed_runs')
        .columns(['feed_id', 'started_at'])
        .execute();
      await db.schema
        .createIndex('feed_runs_resume')
        .on('feed_runs')
        .columns(['feed_id', 'sha256', 'status'])
        .execute();

      await db.schema
        .createTable('feed_rejects')
        .addColumn('run_id', 'text', (c) =>
          c.notNull().references('feed_runs.id').onDelete('cascade'),
        )
        .addColumn('line', 'integer', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('raw', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('feed_rejects_pk', ['run_id', 'line'])
        .execute();

      await db.schema
        .createTable('digests')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) =>
          c.notNull().references('organisations.id').onDelete('cascade'),
        )
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('due_at', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text')
        .addColumn('finding_count', 'integer', (c) => c.notNull())
        .addColumn('reopened_count', 'integer', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.unique())
        .addColumn('expires_at', 'text')
        .execute();
      await db.schema
        .createIndex('digests_due')
        .on('digests')
        .columns(['state', 'due_at'])
        .execute();
      await db.schema
        .createIndex('digests_org')
        .on('digests')
        .columns(['org_id', 'created_at'])
        .execute();
      // At most one digest waits per organisation: findings arriving meanwhile join it.
      await db.schema
        .createIndex('digests_one_scheduled')
        .on('digests')
        .column('org_id')
        .unique()
        .where(sql.ref('state'), '=', 'scheduled')
        .execute();

      await db.schema
        .createTable('findings')
        .addColumn('id', serial, (c) => c.primaryKey())
        // The hash of the identity new sightings join (core/feeds/finding.ts); null once retired.
        .addColumn('dedup_hash', 'bigint', (c) => c.unique())
        .addColumn('feed_id', 'text', (c) => c.notNull().references('feeds.id').onDelete('cascade'))
        .addColumn('org_id', 'text', (c) => c.references('organisations.id').onDelete('set null'))
        .addColumn('ip', 'text')
        .addColumn('port', 'integer')
        .addColumn('identifier', 'text', (c) => c.notNull())
        .addColumn('rsit', 'text', (c) => c.notNull())
        .addColumn('gbt', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('asn', 'integer')
        .addColumn('hostname', 'text')
        .addColumn('url', 'text')
        .addColumn('detail', 'text')
        .addColumn('raw', 'text', (c) => c.notNull())
        .addColumn('first_seen', 'text', (c) => c.notNull())
        .addColumn('last_seen', 'text', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('state_at', 'text', (c) => c.notNull())
        // How the last upsert went (joined, reopened, refused), read back through RETURNING.
        .addColumn('last_upsert', 'integer', (c) => c.notNull())
        .addColumn('first_run_id', 'text', (c) => c.notNull())
        .addColumn('last_run_id', 'text', (c) => c.notNull())
        .addColumn('digest_id', 'text')
        .addColumn('notified_at', 'text')
        .addColumn('acknowledged_at', 'text')
        .addColumn('fixed_at', 'text')
        .addColumn('verified_at', 'text')
        .addColumn('reminders', 'integer', (c) => c.notNull())
        .addColumn('escalated_at', 'text')
        .addColumn('note', 'text')
        .execute();
      // Few indexes on purpose: each one costs every ingested event. Explorer filters other than
      // the organisation page through the id order, which stays fast while matches are common.
      await db.schema.createIndex('findings_org').on('findings').column('org_id').execute();
      // Claimed fixes are few; each run looks for those of its feed that it did not see again.
      await db.schema
        .createIndex('findings_fixed')
        .on('findings')
        .column('feed_id')
        .where(sql.ref('state'), '=', 'fixed')
        .execute();
    },
  };
}
