import type { AuditEntry, AuditListQuery, AuditVerification } from '../contract/audit.js';
import type { Page } from '../contract/common.js';
import { checkLink, GENESIS_HASH } from '../core/audit/hash-chain.js';
import { authorize, type Actor } from '../core/auth/policy.js';
import type { Database } from '../storage/database.js';
import { repositories } from './unit-of-work.js';

const VERIFY_BATCH = 2000;

/** Reading the audit log and checking its hash chain. */
export class AuditService {
  constructor(private readonly database: Database) {}

  async list(actor: Actor, query: AuditListQuery): Promise<Page<AuditEntry>> {
    authorize(actor, 'audit.read');
    return repositories(this.database.db, this.database.dialect).audit.list(query);
  }

  /** Walks the whole chain from the first entry; stops at the first broken link. */
  async verify(actor: Actor): Promise<AuditVerification> {
    authorize(actor, 'audit.read');
    const audit = repositories(this.database.db, this.database.dialect).audit;
    let prevHash = GENESIS_HASH;
    let seq = 0;
    for (;;) {
      const links = await audit.links(seq, VERIFY_BATCH);
      for (const link of links) {
        const check = checkLink(prevHash, seq + 1, link);
        if (!check.ok)
          return { ok: false, checked: seq, firstBrokenSeq: link.seq, reason: check.reason };
        prevHash = link.hash;
        seq = link.seq;
      }
      if (links.length < VERIFY_BATCH)
        return { ok: true, checked: seq, firstBrokenSeq: null, reason: null };
    }
  }
}
