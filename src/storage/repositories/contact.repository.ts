import type { Contact, ContactInput } from '../../contract/registry.js';
import type { Visibility } from '../../core/auth/policy.js';
import type { Db } from '../database.js';
import { fromJson, toJson } from '../json.js';
import { paginate } from '../pagination.js';
import { visibleOrganisations } from './organisation.repository.js';
import type { ContactsTable } from '../schema.js';

type Fields = Required<ContactInput>;

function toContact(row: ContactsTable): Contact {
  return {
    id: row.id,
    orgId: row.org_id,
    externalId: row.external_id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    role: row.role as Contact['role'],
    language: row.language as Contact['language'],
    pgpKey: row.pgp_key,
    preferences: fromJson(row.preferences),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toColumns(f: Fields) {
  return {
    external_id: f.externalId,
    name: f.name,
    email: f.email,
    phone: f.phone,
    role: f.role,
    language: f.language,
    pgp_key: f.pgpKey,
    preferences: toJson(f.preferences),
  };
}

export class ContactRepository {
  constructor(private readonly db: Db) {}

  async insert(id: string, orgId: string, fields: Fields, now: string): Promise<Contact> {
    const row: ContactsTable = {
      id,
      org_id: orgId,
      ...toColumns(fields),
      created_at: now,
      updated_at: now,
    };
    await this.db.insertInto('contacts').values(row).execute();
    return toContact(row);
  }

  async update(id: string, fields: Fields, now: string): Promise<void> {
    await this.db
      .updateTable('contacts')
      .set({ ...toColumns(fields), updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('contacts').where('id', '=', id).execute();
  }

  async get(id: string): Promise<Contact | null> {
    const row = await this.db
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toContact(row) : null;
  }

  /** The contact a row means: by its external id, or else by e-mail and role within the organisation. */
  async find(
    orgId: string,
    fields: Pick<Fields, 'externalId' | 'email' | 'role'>,
  ): Promise<Contact | null> {
    let q = this.db.selectFrom('contacts').selectAll().where('org_id', '=', orgId);
    q = fields.externalId
      ? q.where('external_id', '=', fields.externalId)
      : q.where('email', '=', fields.email).where('role', '=', fields.role);
    const row = await q.executeTakeFirst();
    return row ? toContact(row) : null;
  }

  async list(orgId: string, cursor: string | undefined, limit: number) {
    const q = this.db.selectFrom('contacts').selectAll().where('org_id', '=', orgId);
    const page = await paginate(q, {
      column: 'name',
      idColumn: 'id',
      descending: false,
      cursor,
      limit,
    });
    return { items: page.rows.map(toContact), nextCursor: page.nextCursor };
  }

  /** Every entry of the organisations a visibility allows, for exports. */
  async all(visibility: Visibility) {
    const rows = await this.db
      .selectFrom('contacts')
      .innerJoin('organisations', 'organisations.id', 'contacts.org_id')
      .where((eb) => visibleOrganisations(eb, visibility))
      .selectAll('contacts')
      .select('organisations.external_id as org_external_id')
      .orderBy('contacts.org_id')
      .orderBy('contacts.id')
      .execute();
    return rows.map((row) => ({ ...toContact(row), orgExternalId: row.org_external_id }));
  }
}
