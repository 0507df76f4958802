import { chainHash, GENESIS_HASH } from '../core/audit/hash-chain.js';
import type { Actor } from '../core/auth/policy.js';
import { uuidv7 } from '../core/ids.js';
import type { Language } from '../core/registry/vocabulary.js';
import { isoNow } from '../core/time.js';
import type { Database, Db } from '../storage/database.js';
import { AdvisoryRepository } from '../storage/repositories/advisory.repository.js';
import { AssetRepository } from '../storage/repositories/asset.repository.js';
import { AuditRepository } from '../storage/repositories/audit.repository.js';
import { ContactRepository } from '../storage/repositories/contact.repository.js';
import { CredentialRepository } from '../storage/repositories/credential.repository.js';
import { FeedRepository } from '../storage/repositories/feed.repository.js';
import { FindingRepository } from '../storage/repositories/finding.repository.js';
import { IncidentRepository } from '../storage/repositories/incident.repository.js';
import { JobRepository } from '../storage/repositories/job.repository.js';
import {
  MessageRepository,
  type OutgoingAttachment,
  type OutgoingMessage,
} from '../storage/repositories/message.repository.js';
import { NetworkRepository } from '../storage/repositories/network.repository.js';
import { OrganisationRepository } from '../storage/repositories/organisation.repository.js';
import { SigningKeyRepository } from '../storage/repositories/signing-key.repository.js';
import { UserRepository } from '../storage/repositories/user.repository.js';
import { WarningRepository } from '../storage/repositories/warning.repository.js';
import { messageTemplates } from './delivery/templates.js';

/** Every repository, bound to one connection or transaction. */
export function repositories(db: Db, dialect: Database['dialect']) {
  return {
    organisations: new OrganisationRepository(db),
    contacts: new ContactRepository(db),
    networks: new NetworkRepository(db),
    assets: new AssetRepository(db),
    users: new UserRepository(db),
    credentials: new CredentialRepository(db),
    audit: new AuditRepository(db, dialect),
    jobs: new JobRepository(db, dialect),
    messages: new MessageRepository(db),
    incidents: new IncidentRepository(db, dialect),
    feeds: new FeedRepository(db),
    findings: new FindingRepository(db, dialect),
    signingKeys: new SigningKeyRepository(db),
    advisories: new AdvisoryRepository(db),
    warnings: new WarningRepository(db),
  };
}
export type Repositories = ReturnType<typeof repositories>;

export const DELIVER_MESSAGE_JOB = 'outbox.deliver';

export interface Message {
  orgId: string;
  userId: string | null;
  subject: string;
  body: string;
}

/**
 * One transaction's worth of work: the repositories bound to it, the acting party, one
 * timestamp for everything it writes, and the audit entries and outgoing messages that must
 * commit or roll back with the change itself.
 */
export class UnitOfWork {
  private head: { seq: number; hash: string } | undefined;

  constructor(
    readonly repos: Repositories,
    readonly actor: Actor,
    readonly now: string = isoNow(),
  ) {}

  /** Appends an audit entry; returns its hash, which receipts quote. */
  async audit(
    action: string,
    entityType: string,
    entityId: string,
    summary: Record<string, unknown>,
  ): Promise<string> {
    this.head ??= (await this.repos.audit.lockHead()) ?? { seq: 0, hash: GENESIS_HASH };
    const facts = {
      seq: this.head.seq + 1,
      at: this.now,
      actorUserId: this.actor.kind === 'user' ? this.actor.userId : null,
      actorLabel: this.actor.label,
      action,
      entityType,
      entityId,
      summary,
    };
    const hash = chainHash(this.head.hash, facts);
    await this.repos.audit.append({ ...facts, prevHash: this.head.hash, hash });
    this.head = { seq: facts.seq, hash };
    return hash;
  }

  /**
   * Queues a notice from a template. The worker renders it for every channel of the recipient
   * (the in-app inbox, and for an organisation its e-mail contacts and webhooks), each in the
   * recipient's own language; `language` is the inbox's.
   */
  async notify(notice: {
    orgId: string;
    userId: string | null;
    language: Language;
    template: string;
    params: Record<string, unknown>;
    attachments?: OutgoingAttachment[];
  }): Promise<void> {
    messageTemplates().render(notice.template, notice.language, notice.params); // fail now, not in the worker, on an unknown template
    await this.queue({
      channel: 'notice',
      orgId: notice.orgId,
      userId: notice.userId,
      subject: notice.template,
      body: notice.language,
      template: notice.template,
      params: notice.params,
      attachments: notice.attachments ?? null,
    });
  }

  /** Queues a message in the outbox; the worker delivers it once this transaction commits. */
  async send(message: Message): Promise<void> {
    await this.queue({ channel: 'inbox', ...message });
  }

  /** Writes an outbox row and the job that delivers it. */
  async queue(message: Omit<OutgoingMessage, 'id'>): Promise<void> {
    const id = uuidv7();
    await this.repos.messages.addToOutbox({ id, ...message }, this.now);
    await this.repos.jobs.enqueue(
      {
        id: uuidv7(),
        kind: DELIVER_MESSAGE_JOB,
        payload: { messageId: id },
        runAt: this.now,
        // About an hour and a half of backoff in all: an SMTP or receiver outage of that long loses nothing.
        maxAttempts: 13,
      },
      this.now,
    );
  }
}

/** Runs `work` in one transaction; `clock` gives its timestamp (services with an injected clock pass theirs). */
export function inTransaction<T>(
  database: Database,
  actor: Actor,
  work: (uow: UnitOfWork) => Promise<T>,
  clock: () => string = isoNow,
): Promise<T> {
  return database.transaction((trx) =>
    work(new UnitOfWork(repositories(trx, database.dialect), actor, clock())),
  );
}
