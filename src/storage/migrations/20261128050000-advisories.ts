import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../database.js';
import { jsonColumnType } from '../json.js';

/**
 * Advisories and early warnings: imported and written advisories with their history, the
 * sources pulled on a schedule, SBOMs per system, the matches of advisories against every
 * organisation's inventory, and the warnings issued with their recipients and answers.
 */
export function advisories(dialect: Dialect): Migration {
  const json = jsonColumnType(dialect);
  return {
    async up(db: Kysely<unknown>) {
      // Match keys (core/advisories/match.ts) let an advisory find its candidates by index.
      await db.schema.alterTable('assets').addColumn('product_key', 'text').execute();
      await db.schema.alterTable('assets').addColumn('purl_key', 'text').execute();
      await db.schema
        .createIndex('assets_product_key')
        .on('assets')
        .column('product_key')
        .execute();
      await db.schema.createIndex('assets_purl_key').on('assets').column('purl_key').execute();

      await db.schema
        .createTable('sboms')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) =>
          c.notNull().references('organisations.id').onDelete('cascade'),
        )
        .addColumn('asset_id', 'text', (c) =>
          c.notNull().references('assets.id').onDelete('cascade'),
        )
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('spec_version', 'text', (c) => c.notNull())
        .addColumn('name', 'text')
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('component_count', 'integer', (c) => c.notNull())
        .addColumn('uploaded_by', 'text', (c) => c.notNull())
        .addColumn('uploaded_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sboms_asset').on('sboms').column('asset_id').execute();

      await db.schema
        .createTable('sbom_components')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('sbom_id', 'text', (c) => c.notNull().references('sboms.id').onDelete('cascade'))
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('asset_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('version', 'text')
        .addColumn('vendor', 'text')
        .addColumn('purl', 'text')
        .addColumn('cpe', 'text')
        .addColumn('product_key', 'text')
        .addColumn('purl_key', 'text')
        .execute();
      await db.schema
        .createIndex('sbom_components_sbom')
        .on('sbom_components')
        .column('sbom_id')
        .execute();
      await db.schema
        .createIndex('sbom_components_product_key')
        .on('sbom_components')
        .column('product_key')
        .execute();
      await db.schema
        .createIndex('sbom_components_purl_key')
        .on('sbom_components')
        .column('purl_key')
        .execute();

      await db.schema
        .createTable('advisory_sources')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('every_minutes', 'integer', (c) => c.notNull())
        .addColumn('allow_private', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_pull_at', 'text', (c) => c.notNull())
        .addColumn('last_pulled_at', 'text')
        .addColumn('last_result', json)
        // What the source listed last time (document URL → its updated time): only changes are fetched.
        .addColumn('seen', json, (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('advisories')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('source_id', 'text', (c) => c.notNull())
        .addColumn('revision', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('severity', 'text')
        .addColumn('cvss', 'real')
        .addColumn('cves', json, (c) => c.notNull())
        .addColumn('publisher', 'text')
        .addColumn('published_at', 'text')
        .addColumn('source_updated_at', 'text')
        .addColumn('kev_due_date', 'text')
        // The normalised advisory (core/advisories/model.ts) and, for imports, the document itself.
        .addColumn('content', json, (c) => c.notNull())
        .addColumn('document', json)
        // Fenghuo's own advisories are drafts until published, then served as CSAF.
        .addColumn('published', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('match_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('org_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('advisories_source_id', ['source', 'source_id'])
        .execute();
      await db.schema
        .createIndex('advisories_updated')
        .on('advisories')
        .column('updated_at')
        .execute();

      await db.schema
        .createTable('advisory_revisions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('advisory_id', 'text', (c) =>
          c.notNull().references('advisories.id').onDelete('cascade'),
        )
        .addColumn('revision', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('changes', json, (c) => c.notNull())
        .addColumn('content', json, (c) => c.notNull())
        .addColumn('document', json)
        .addColumn('imported_by', 'text', (c) => c.notNull())
        .addColumn('imported_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('advisory_revisions_advisory')
        .on('advisory_revisions')
        .columns(['advisory_id', 'imported_at'])
        .execute();

      // The keys of each advisory's products: a changed asset finds the advisories to recheck.
      await db.schema
        .createTable('advisory_keys')
        .addColumn('advisory_id', 'text', (c) =>
          c.notNull().references('advisories.id').onDelete('cascade'),
        )
        .addColumn('match_key', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('advisory_keys_pk', ['match_key', 'advisory_id'])
        .execute();
      await db.schema
        .createIndex('advisory_keys_advisory')
        .on('advisory_keys')
        .column('advisory_id')
        .execute();

      await db.schema
        .createTable('advisory_matches')
        .addColumn('advisory_id', 'text', (c) =>
          c.notNull().references('advisories.id').onDelete('cascade'),
        )
        .addColumn('asset_id', 'text', (c) =>
          c.notNull().references('assets.id').onDelete('cascade'),
        )
        // The SBOM component matched inside the asset, or '' when the asset itself matched.
        .addColumn('component_id', 'text', (c) => c.notNull())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('product_ref', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('confidence', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('matched_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('advisory_matches_pk', ['advisory_id', 'asset_id', 'component_id'])
        .execute();
      await db.schema
        .createIndex('advisory_matches_org')
        .on('advisory_matches')
        .columns(['org_id', 'advisory_id'])
        .execute();
      await db.schema
        .createIndex('advisory_matches_asset')
        .on('advisory_matches')
        .column('asset_id')
        .execute();

      await db.schema
        .createTable('warnings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('advisory_id', 'text', (c) => c.references('advisories.id').onDelete('set null'))
        .addColumn('level', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('issuer_org_id', 'text', (c) => c.notNull().references('organisations.id'))
        .addColumn('title_zh', 'text', (c) => c.notNull())
        .addColumn('title_en', 'text', (c) => c.notNull())
        .addColumn('body_zh', 'text', (c) => c.notNull())
        .addColumn('body_en', 'text', (c) => c.notNull())
        .addColumn('measures_zh', 'text', (c) => c.notNull())
        .addColumn('measures_en', 'text', (c) => c.notNull())
        .addColumn('due_at', 'text', (c) => c.notNull())
        // Set when the due date follows the level's policy (or the KEV date): counted from issue.
        .addColumn('due_by_policy', 'integer', (c) => c.notNull())
        .addColumn('audience', json, (c) => c.notNull())
        .addColumn('public', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('issued_at', 'text')
        .addColumn('lifted_at', 'text')
        .addColumn('lift_reason', 'text')
        .execute();
      await db.schema
        .createIndex('warnings_state')
        .on('warnings')
        .columns(['state', 'due_at'])
        .execute();

      await db.schema
        .createTable('warning_recipients')
        .addColumn('warning_id', 'text', (c) =>
          c.notNull().references('warnings.id').onDelete('cascade'),
        )
        .addColumn('org_id', 'text', (c) =>
          c.notNull().references('organisations.id').onDelete('cascade'),
        )
        .addColumn('reasons', json, (c) => c.notNull())
        .addColumn('asset_count', 'integer', (c) => c.notNull())
        .addColumn('added_at', 'text', (c) => c.notNull())
        .addColumn('acknowledged_at', 'text')
        .addColumn('acknowledged_by', 'text')
        .addColumn('remediated_at', 'text')
        .addColumn('reminded_at', 'text')
        .addColumn('escalated_at', 'text')
        .addPrimaryKeyConstraint('warning_recipients_pk', ['warning_id', 'org_id'])
        .execute();
      await db.schema
        .createIndex('warning_recipients_org')
        .on('warning_recipients')
        .column('org_id')
        .execute();

      await db.schema
        .createTable('warning_responses')
        .addColumn('warning_id', 'text', (c) =>
          c.notNull().references('warnings.id').onDelete('cascade'),
        )
        .addColumn('asset_id', 'text', (c) =>
          c.notNull().references('assets.id').onDelete('cascade'),
        )
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('response', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('responded_by', 'text', (c) => c.notNull())
        .addColumn('responded_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('warning_responses_pk', ['warning_id', 'asset_id'])
        .execute();
    },
  };
}
