import { createHash, randomBytes } from 'node:crypto';
import type { Digest } from '../contract/feeds.js';
import type { Finding } from '../contract/feeds.js';
import type { Organisation } from '../contract/registry.js';
import { remitCovers, SYSTEM, type Actor } from '../core/auth/policy.js';
import { digestCsv } from '../core/feeds/digest.js';
import { digestDueAt } from '../core/feeds/schedule.js';
import { toXarf, type XarfParty } from '../core/feeds/xarf.js';
import { uuidv7 } from '../core/ids.js';
import { addSeconds } from '../core/time.js';
import type { Database } from '../storage/database.js';
import type { OutgoingAttachment } from '../storage/repositories/message.repository.js';
import { inTransaction, repositories, type UnitOfWork } from './unit-of-work.js';

/** How long a personal link in a digest works. */
const LINK_DAYS = 30;
/** X-ARF reports attached per e-mail; the CSV and the link carry the rest. */
const XARF_PER_MAIL = 100;
/** How many findings a digest's text lists by name. */
const LISTED = 20;
/** How long one run of the send job goes on; the job's lease is longer. */
const SEND_BUDGET_MS = 45_000;

export const SEND_DIGESTS_JOB = 'feeds.send-digests';
export const FOLLOW_UP_JOB = 'feeds.follow-up';

export interface DigestOptions {
  /** Who the X-ARF reports say sent them. */
  sender: XarfParty;
}

/** `2026-11-28 09:30 UTC`: what a person reads in a message, not an ISO timestamp. */
function readable(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Tells organisations about their findings: schedules one digest per organisation when findings
 * wait (now for CII operators, high severity and contacts who want it at once; otherwise at
 * their chosen local hour), sends due digests with a CSV, X-ARF reports for abuse desks and a
 * personal link, and follows up: unanswered findings are sent again, then escalated to the
 * organisation's supervising authority.
 */
export class DigestService {
  constructor(
    private readonly database: Database,
    private readonly options: DigestOptions,
    private readonly now: () => string,
  ) {}

  /** Schedules (or brings forward) a digest for every organisation with findings waiting; returns how many. */
  async schedulePending(uow: UnitOfWork): Promise<number> {
    const pending = await uow.repos.findings.pendingOrganisations();
    return this.schedule(uow, new Map(pending.map((p) => [p.orgId, p.urgent])));
  }

  /**
   * Schedules a digest for each organisation in `waiting` (organisation id → whether an urgent
   * finding waits), or brings its waiting digest forward; returns how many organisations.
   */
  async schedule(uow: UnitOfWork, waiting: ReadonlyMap<string, boolean>): Promise<number> {
    const orgIds = [...waiting.keys()];
    const facts = await uow.repos.feeds.digestFacts(orgIds);
    const scheduled = await uow.repos.feeds.scheduledDigests(orgIds);
    const fresh: Digest[] = [];
    for (const [orgId, urgent] of waiting) {
      const org = facts.get(orgId);
      if (!org) continue;
      const dueAt = digestDueAt(this.now(), org.timezone, org.preferences, urgent || org.cii);
      const existing = scheduled.get(orgId);
      if (existing) {
        if (dueAt < existing.dueAt) await uow.repos.feeds.bringDigestForward(existing.id, dueAt);
      } else
        fresh.push({
          id: uuidv7(),
          orgId,
          kind: 'digest',
          state: 'scheduled',
          dueAt,
          createdAt: uow.now,
          sentAt: null,
          findingCount: 0,
          reopenedCount: 0,
          expiresAt: null,
        });
    }
    await uow.repos.feeds.scheduleDigests(fresh);
    return waiting.size;
  }

  /** Sends every digest that is due, each in its own transaction; returns how many went out. */
  async sendDue(): Promise<number> {
    const repos = repositories(this.database.db, this.database.dialect);
    const started = Date.now();
    let sent = 0;
    // Page after page until none is due, within the job's lease: a morning's 20,000 daily
    // digests go out in minutes, not one page a minute.
    while (Date.now() - started < SEND_BUDGET_MS) {
      const due = await repos.feeds.dueDigests(this.now(), 500);
      if (due.length === 0) break;
      for (const digest of due) if (await this.send(digest)) sent++;
    }
    return sent;
  }

  private async send(digest: Digest): Promise<boolean> {
    return this.transaction(SYSTEM, async (uow) => {
      const org = await uow.repos.organisations.get(digest.orgId);
      const findings = await uow.repos.findings.awaiting(digest.orgId);
      if (!org || findings.length === 0) {
        // Everything was answered or moved before it went out: nothing to tell.
        await uow.repos.feeds.markDigestSent(digest.id, {
          findingCount: 0,
          reopenedCount: 0,
          tokenHash: null,
          expiresAt: null,
          now: uow.now,
        });
        return false;
      }
      const reopened = findings.filter((f) => f.state === 'reopened').length;
      const { token, expiresAt } = this.newLink(uow);
      const mine = await uow.repos.feeds.markDigestSent(digest.id, {
        findingCount: findings.length,
        reopenedCount: reopened,
        tokenHash: hashToken(token),
        expiresAt,
        now: uow.now,
      });
      if (!mine) return false; // another worker sent it
      await uow.repos.findings.markNotified(
        findings.map((f) => f.id),
        digest.id,
        uow.now,
      );
      await this.tell(uow, org, 'feeds.digest', findings, token, expiresAt, { reopened });
      await uow.audit('digest.sent', 'digest', digest.id, {
        orgId: org.id,
        findings: findings.length,
        reopened,
      });
      return true;
    });
  }

  /**
   * Follow-up for every feed: findings told and unanswered after the feed's `resendAfterDays`
   * are sent again once; still unanswered after `escalateAfterDays`, they are escalated.
   */
  async followUp(): Promise<{ reminded: number; escalated: number }> {
    const feeds = await repositories(this.database.db, this.database.dialect).feeds.feeds();
    let reminded = 0;
    let escalated = 0;
    const now = this.now();
    for (const feed of feeds) {
      const remind = addSeconds(now, -feed.resendAfterDays * 86400);
      const escalate = addSeconds(now, -feed.escalateAfterDays * 86400);
      await this.transaction(SYSTEM, async (uow) => {
        for (const { orgId, ids } of await uow.repos.findings.unanswered(
          feed.id,
          remind,
          'remind',
        )) {
          const org = await uow.repos.organisations.get(orgId);
          if (!org) continue;
          const findings = await uow.repos.findings.byIds(ids);
          const { token, expiresAt } = this.newLink(uow);
          const digest: Digest = {
            id: uuidv7(),
            orgId,
            kind: 'reminder',
            state: 'sent',
            dueAt: uow.now,
            createdAt: uow.now,
            sentAt: uow.now,
            findingCount: findings.length,
            reopenedCount: 0,
            expiresAt,
          };
          await uow.repos.feeds.insertSentDigest(digest, hashToken(token), expiresAt);
          await uow.repos.findings.markReminded(ids);
          await this.tell(uow, org, 'feeds.reminder', findings, token, expiresAt, {
            days: feed.resendAfterDays,
          });
          await uow.audit('digest.reminder', 'digest', digest.id, { orgId, findings: ids.length });
          reminded += ids.length;
        }
        for (const { orgId, ids } of await uow.repos.findings.unanswered(
          feed.id,
          escalate,
          'escalate',
        )) {
          const org = await uow.repos.organisations.get(orgId);
          if (!org) continue;
          for (const supervisor of await this.supervisorsOf(uow, org)) {
            await uow.notify({
              orgId: supervisor.id,
              userId: null,
              language: supervisor.language,
              template: 'feeds.escalation',
              params: {
                organisation: supervisor.language === 'en' ? org.nameEn : org.nameZh,
                count: ids.length,
                feed: feed.name,
                days: feed.escalateAfterDays,
                link: `/findings?orgId=${org.id}`,
              },
            });
          }
          await uow.repos.findings.markEscalated(ids, uow.now);
          await uow.audit('findings.escalated', 'organisation', orgId, {
            feed: feed.name,
            findings: ids.length,
          });
          escalated += ids.length;
        }
      });
    }
    return { reminded, escalated };
  }

  /** The supervising organisation above it, else the authorities whose remit covers it. */
  private async supervisorsOf(uow: UnitOfWork, org: Organisation): Promise<Organisation[]> {
    if (org.parentId) {
      const parent = await uow.repos.organisations.get(org.parentId);
      if (parent) return [parent];
    }
    return (await uow.repos.organisations.byKind('authority')).filter(
      (a) => a.remit !== null && remitCovers(a.remit, org),
    );
  }

  private transaction<T>(actor: Actor, work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
    return inTransaction(this.database, actor, work, this.now);
  }

  private newLink(uow: UnitOfWork) {
    return {
      token: randomBytes(24).toString('base64url'),
      expiresAt: addSeconds(uow.now, LINK_DAYS * 86400),
    };
  }

  private async tell(
    uow: UnitOfWork,
    org: Organisation,
    template: 'feeds.digest' | 'feeds.reminder',
    findings: readonly Finding[],
    token: string,
    expiresAt: string,
    extra: Record<string, unknown>,
  ): Promise<void> {
    const byIdentifier = new Map<string, number>();
    for (const f of findings)
      byIdentifier.set(f.identifier, (byIdentifier.get(f.identifier) ?? 0) + 1);
    const attachments: OutgoingAttachment[] = [
      {
        filename: `fenghuo-findings-${uow.now.slice(0, 10)}.csv`,
        contentType: 'text/csv; charset=utf-8',
        content: digestCsv(findings.map((f) => ({ ...f, feed: f.feedName }))),
      },
      ...findings.slice(0, XARF_PER_MAIL).map((f) => ({
        filename: `xarf-${f.id}.json`,
        contentType: 'application/json',
        content: JSON.stringify(toXarf(f, this.options.sender), null, 2),
        roles: ['abuse'],
      })),
    ];
    await uow.notify({
      orgId: org.id,
      userId: null,
      language: org.language,
      template,
      params: {
        organisation: org.language === 'en' ? org.nameEn : org.nameZh,
        count: findings.length,
        expiresAt: readable(expiresAt),
        link: `/r/${token}`,
        kinds: [...byIdentifier].map(([identifier, count]) => ({ identifier, count })),
        findings: findings.slice(0, LISTED).map((f) => ({
          host: f.ip ?? f.hostname ?? f.url ?? '',
          port: f.port ?? '',
          identifier: f.identifier,
          severity: f.severity,
          state: f.state,
          lastSeen: readable(f.lastSeen),
        })),
        more: Math.max(0, findings.length - LISTED),
        ...extra,
      },
      attachments,
    });
  }
}
