import { DeliveryRefused } from '../core/delivery/destination.js';
import { SYSTEM } from '../core/auth/policy.js';
import { notFound } from '../core/errors.js';
import { uuidv7 } from '../core/ids.js';
import { LANGUAGES, type Language } from '../core/registry/vocabulary.js';
import { isoNow } from '../core/time.js';
import type { Database } from '../storage/database.js';
import type { OutgoingAttachment } from '../storage/repositories/message.repository.js';
import type { OutboxTable } from '../storage/schema.js';
import type { Mailer } from './delivery/email-channel.js';
import { messageTemplates } from './delivery/templates.js';
import { deliverWebhook } from './delivery/webhook-channel.js';
import { inTransaction, repositories, type UnitOfWork } from './unit-of-work.js';

export interface DeliveryOptions {
  /** Null when no SMTP server is configured: notices then reach the inbox and webhooks only. */
  mailer: Mailer | null;
  /** Where recipients open links: e-mails carry absolute links. */
  publicUrl: string;
  allowPrivateWebhooks: boolean;
}

const asLanguage = (value: string | null | undefined): Language =>
  LANGUAGES.includes(value as Language) ? (value as Language) : 'zh-CN';

/**
 * Delivers the outbox, one message per job: a notice is fanned out into its channels (inbox,
 * e-mail to the organisation's contacts who want it, webhooks), each rendered in its
 * recipient's language; every e-mail and webhook attempt is logged; a delivery that fails for
 * good raises an alert to the coordinators.
 */
export class DeliveryService {
  constructor(
    private readonly database: Database,
    private readonly options: DeliveryOptions,
  ) {}

  async deliver(messageId: string): Promise<void> {
    const outgoing = await repositories(this.database.db, this.database.dialect).messages.outgoing(
      messageId,
    );
    if (!outgoing) throw notFound('outbox message', messageId);
    if (outgoing.state !== 'pending') return;
    switch (outgoing.channel) {
      case 'notice':
        return this.fanOut(outgoing);
      case 'inbox':
        return this.toInbox(outgoing);
      case 'email':
      case 'webhook':
        return this.attempt(outgoing);
      default:
        throw new Error(`unknown outbox channel ${outgoing.channel}`);
    }
  }

  /** After the last retry failed: the message is marked failed and the coordinators are told. */
  async failedForGood(messageId: string, error: string): Promise<void> {
    await inTransaction(this.database, SYSTEM, async (uow) => {
      const outgoing = await uow.repos.messages.outgoing(messageId);
      if (!outgoing || outgoing.state !== 'pending') return;
      await uow.repos.messages.markFailed(messageId);
      const attempts = (await uow.repos.messages.attempts(messageId)).length;
      for (const coordinator of await uow.repos.organisations.byKind('coordinator')) {
        await uow.notify({
          orgId: coordinator.id,
          userId: null,
          language: coordinator.language,
          template: 'delivery.failed',
          params: {
            channel: outgoing.channel,
            recipient: outgoing.recipient ?? outgoing.org_id,
            attempts,
            lastError: error,
          },
        });
      }
    });
  }

  private async fanOut(notice: OutboxTable): Promise<void> {
    const templates = messageTemplates();
    const template = notice.template!;
    const params = JSON.parse(notice.params ?? '{}') as Record<string, unknown>;
    const attachments = JSON.parse(notice.attachments ?? '[]') as OutgoingAttachment[];
    const absolute = {
      ...params,
      ...(typeof params.link === 'string' &&
        params.link.startsWith('/') && { link: `${this.options.publicUrl}${params.link}` }),
    };
    await inTransaction(this.database, SYSTEM, async (uow) => {
      const inboxText = templates.render(template, asLanguage(notice.body), params);
      await uow.queue({
        channel: 'inbox',
        orgId: notice.org_id,
        userId: notice.user_id,
        subject: inboxText.subject,
        body: inboxText.text,
      });
      // Notices to a person stay in the app; notices to an organisation also go out to it.
      if (notice.user_id === null) {
        if (this.options.mailer) {
          for (const contact of await uow.repos.contacts.all({
            kind: 'own',
            orgId: notice.org_id,
          })) {
            if (!contact.preferences.channels.includes('email')) continue;
            const mail = templates.render(template, contact.language, absolute);
            await uow.queue({
              channel: 'email',
              orgId: notice.org_id,
              userId: null,
              subject: mail.subject,
              body: mail.text,
              html: mail.html ?? null,
              recipient: contact.email,
              contactId: contact.id,
              attachments: attachments.filter((a) => !a.roles || a.roles.includes(contact.role)),
            });
          }
        }
        for (const hook of await uow.repos.messages.webhooks(notice.org_id)) {
          await uow.queue({
            channel: 'webhook',
            orgId: notice.org_id,
            userId: null,
            subject: template,
            body: JSON.stringify({ event: template, params: absolute }),
            recipient: hook.url,
            webhookId: hook.id,
          });
        }
      }
      await uow.repos.messages.markDelivered(notice.id, uow.now);
    });
  }

  private async toInbox(outgoing: OutboxTable): Promise<void> {
    await inTransaction(this.database, SYSTEM, async (uow) => {
      await uow.repos.messages.addToInbox({
        id: uuidv7(),
        org_id: outgoing.org_id,
        user_id: outgoing.user_id,
        outbox_id: outgoing.id,
        subject: outgoing.subject,
        body: outgoing.body,
        created_at: uow.now,
        read_at: null,
      });
      await uow.repos.messages.markDelivered(outgoing.id, uow.now);
    });
  }

  /**
   * One attempt at an e-mail or webhook, outside any transaction (a slow server must not hold
   * the database), then its outcome recorded. A failure is rethrown for the job to retry; a
   * refused destination will never work, so it fails for good at once.
   */
  private async attempt(outgoing: OutboxTable): Promise<void> {
    const repos = repositories(this.database.db, this.database.dialect);
    let detail: string;
    try {
      if (outgoing.channel === 'email') {
        if (!this.options.mailer)
          throw new Error('no SMTP server is configured (FENGHUO_SMTP_URL)');
        const contact = outgoing.contact_id ? await repos.contacts.get(outgoing.contact_id) : null;
        const sent = await this.options.mailer.send({
          id: outgoing.id,
          to: outgoing.recipient!,
          subject: outgoing.subject,
          text: outgoing.body,
          html: outgoing.html ?? undefined,
          pgpPublicKey: contact?.pgpKey ?? null,
          attachments: (JSON.parse(outgoing.attachments ?? '[]') as OutgoingAttachment[]).map(
            (a) => ({ filename: a.filename, contentType: a.contentType, content: a.content }),
          ),
        });
        detail = `sent ${sent.messageId}${sent.encrypted ? ', OpenPGP encrypted' : ''}`;
      } else {
        const hook = await repos.messages.webhook(outgoing.webhook_id!);
        if (!hook) throw new DeliveryRefused('the webhook was deleted');
        const result = await deliverWebhook(
          { url: hook.url, secret: hook.secret, body: JSON.parse(outgoing.body), id: outgoing.id },
          { allowPrivate: this.options.allowPrivateWebhooks || hook.allow_private === 1 },
        );
        detail = `HTTP ${result.status} in ${result.ms} ms`;
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await this.record(outgoing.id, false, reason);
      if (error instanceof DeliveryRefused) return this.failedForGood(outgoing.id, reason);
      throw error;
    }
    await this.record(outgoing.id, true, detail, true);
  }

  private async record(
    outboxId: string,
    ok: boolean,
    detail: string,
    delivered = false,
  ): Promise<void> {
    await inTransaction(this.database, SYSTEM, async (uow: UnitOfWork) => {
      await uow.repos.messages.logAttempt(uuidv7(), outboxId, isoNow(), ok, detail);
      if (delivered) await uow.repos.messages.markDelivered(outboxId, uow.now);
    });
  }
}
