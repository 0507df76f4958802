import type { Page } from '../contract/common.js';
import type {
  Finding,
  FindingAssignInput,
  FindingListQuery,
  FindingMetricsQuery,
  FindingMetricsRow,
  FindingResponseInput,
  RecipientView,
} from '../contract/feeds.js';
import type { Organisation } from '../contract/registry.js';
import { authorize, visibility, type Actor } from '../core/auth/policy.js';
import { DomainError, notFound } from '../core/errors.js';
import { identityKey, respondTo } from '../core/feeds/finding.js';
import type { Database } from '../storage/database.js';
import { hashToken, type DigestService } from './digest.service.js';
import type { RegistryService } from './registry.service.js';
import { inTransaction, repositories, type UnitOfWork } from './unit-of-work.js';

/**
 * Findings after ingestion: the explorer, the recipients' answers (in the app, the API or
 * through a digest's personal link), owner assignment for unmatched findings and registry
 * corrections, and the follow-up metrics.
 */
export class FindingService {
  constructor(
    private readonly database: Database,
    private readonly registry: RegistryService,
    private readonly digests: DigestService,
    private readonly now: () => string,
  ) {}

  async list(actor: Actor, query: FindingListQuery): Promise<Page<Finding>> {
    authorize(actor, 'finding.read');
    return this.repos().findings.list(query, visibility(actor, 'finding.read'));
  }

  async get(actor: Actor, id: number): Promise<Finding> {
    authorize(actor, 'finding.read');
    const repos = this.repos();
    const finding = await repos.findings.get(id);
    if (!finding) throw notFound('finding', String(id));
    await this.authorizeOn(actor, 'finding.read', finding, (orgId) =>
      repos.organisations.get(orgId),
    );
    return finding;
  }

  async metrics(actor: Actor, query: FindingMetricsQuery): Promise<FindingMetricsRow[]> {
    authorize(actor, 'finding.read');
    return this.repos().findings.metrics(query, visibility(actor, 'finding.read'));
  }

  /** A recipient's answer from inside the app or the API. */
  async respond(actor: Actor, id: number, input: FindingResponseInput): Promise<Finding> {
    authorize(actor, 'finding.respond');
    await this.transaction(actor, async (uow) => {
      const finding = await this.load(uow, id);
      await this.authorizeOn(actor, 'finding.respond', finding, (orgId) =>
        uow.repos.organisations.get(orgId),
      );
      await this.answer(uow, finding, input);
    });
    return (await this.repos().findings.get(id))!;
  }

  /** What the personal link in a digest shows: the organisation's findings still to answer. */
  async recipientView(token: string): Promise<RecipientView> {
    const repos = this.repos();
    const digest = await repos.feeds.digestByToken(hashToken(token), this.now());
    if (!digest) throw linkInvalid();
    const org = (await repos.organisations.get(digest.orgId))!;
    return {
      organisation: { nameZh: org.nameZh, nameEn: org.nameEn },
      language: org.language,
      expiresAt: digest.expiresAt!,
      findings: await repos.findings.outstanding(org.id),
    };
  }

  /** An answer through the personal link: no login, limited to the link's organisation. */
  async respondByLink(token: string, id: number, input: FindingResponseInput): Promise<Finding> {
    const digest = await this.repos().feeds.digestByToken(hashToken(token), this.now());
    if (!digest) throw linkInvalid();
    const actor: Actor = { kind: 'system', label: `recipient link (digest ${digest.id})` };
    await this.transaction(actor, async (uow) => {
      const finding = await this.load(uow, id);
      if (finding.orgId !== digest.orgId) throw notFound('finding', String(id));
      await this.answer(uow, finding, input);
    });
    return (await this.repos().findings.get(id))!;
  }

  /**
   * Gives an unmatched finding (or one its organisation said is not theirs) an owner, and can
   * register the network so later events match by themselves. One transaction; the owner is
   * then told in its next digest.
   */
  async assign(actor: Actor, id: number, input: FindingAssignInput): Promise<Finding> {
    authorize(actor, 'finding.assign');
    const { kept, added } = await this.transaction(actor, async (uow) => {
      const finding = await this.load(uow, id);
      const org = await uow.repos.organisations.get(input.orgId);
      if (!org) throw notFound('organisation', input.orgId);
      const added =
        input.addNetwork === undefined
          ? null
          : await this.registry.addNetwork(
              uow,
              org.id,
              { value: input.addNetwork, note: `From finding ${id} (${finding.feedName})` },
              `feed:${finding.feedName}`,
              '/addNetwork',
            );
      const host = finding.ip ?? finding.hostname ?? finding.url ?? '';
      const { hash, holder } = await uow.repos.findings.slotFor({
        ...finding,
        orgId: org.id,
        key: identityKey(finding.feedId, org.id, host, finding.port, finding.identifier),
      });
      let kept = id;
      if (holder && holder.id !== id) {
        await uow.repos.findings.merge(id, holder.id, finding.count);
        kept = holder.id;
      } else await uow.repos.findings.assign(id, org.id, hash, uow.now);
      await uow.audit('finding.assigned', 'finding', String(id), {
        from: finding.orgId,
        to: org.id,
        mergedInto: kept === id ? null : kept,
        network: input.addNetwork ?? null,
      });
      await this.digests.schedule(
        uow,
        new Map([[org.id, finding.severity === 'critical' || finding.severity === 'high']]),
      );
      return { kept, added };
    });
    if (added) this.registry.networkAdded(added.network, added.version);
    return (await this.repos().findings.get(kept))!;
  }

  private async answer(uow: UnitOfWork, finding: Finding, input: FindingResponseInput) {
    const state = respondTo(finding.state, input.response);
    await uow.repos.findings.setState(finding.id, state, input.note ?? finding.note, uow.now);
    await uow.audit('finding.answered', 'finding', String(finding.id), {
      from: finding.state,
      to: state,
      note: input.note ?? null,
    });
    if (state === 'not_ours') {
      const org = finding.orgId ? await uow.repos.organisations.get(finding.orgId) : null;
      for (const coordinator of await uow.repos.organisations.byKind('coordinator'))
        await uow.notify({
          orgId: coordinator.id,
          userId: null,
          language: coordinator.language,
          template: 'feeds.not_ours',
          params: {
            organisation: org ? (coordinator.language === 'en' ? org.nameEn : org.nameZh) : '',
            host: finding.ip ?? finding.hostname ?? finding.url ?? '',
            identifier: finding.identifier,
            findingId: finding.id,
            note: input.note ?? '',
            link: '/findings?state=not_ours',
          },
        });
    }
  }

  private async load(uow: UnitOfWork, id: number): Promise<Finding> {
    const finding = await uow.repos.findings.get(id);
    if (!finding) throw notFound('finding', String(id));
    return finding;
  }

  /** Unmatched findings belong to no organisation: only those who reach every organisation act on them. */
  private async authorizeOn(
    actor: Actor,
    action: 'finding.read' | 'finding.respond',
    finding: Finding,
    organisation: (id: string) => Promise<Organisation | null>,
  ): Promise<void> {
    const org = finding.orgId ? await organisation(finding.orgId) : null;
    if (org) authorize(actor, action, org);
    else if (visibility(actor, action).kind !== 'all')
      throw notFound('finding', String(finding.id));
  }

  private transaction<T>(actor: Actor, work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
    return inTransaction(this.database, actor, work, this.now);
  }

  private repos() {
    return repositories(this.database.db, this.database.dialect);
  }
}

function linkInvalid(): DomainError {
  return new DomainError('not_found', 'This link is unknown or has expired; ask for a new digest');
}
