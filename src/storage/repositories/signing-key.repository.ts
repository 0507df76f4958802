import type { SigningKey } from '../../core/reporting/receipt.js';
import type { Db } from '../database.js';

/** The server's receipt signing keys; the newest signs, every one stays to verify old receipts. */
export class SigningKeyRepository {
  constructor(private readonly db: Db) {}

  async current(): Promise<SigningKey | null> {
    const row = await this.db
      .selectFrom('signing_keys')
      .selectAll()
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row
      ? { id: row.id, publicKeyPem: row.public_key, privateKeyPem: row.private_key }
      : null;
  }

  async get(id: string): Promise<SigningKey | null> {
    const row = await this.db
      .selectFrom('signing_keys')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row
      ? { id: row.id, publicKeyPem: row.public_key, privateKeyPem: row.private_key }
      : null;
  }

  async insert(key: SigningKey, now: string): Promise<void> {
    await this.db
      .insertInto('signing_keys')
      .values({
        id: key.id,
        public_key: key.publicKeyPem,
        private_key: key.privateKeyPem,
        created_at: now,
      })
      .execute();
  }
}
