import type {
  AdvisoryMatch,
  Audience,
  Bulletin,
  Coverage,
  OverdueRecipient,
  PreviewRecipient,
  RecipientAsset,
  Warning,
  WarningInput,
  WarningListQuery,
  WarningPatch,
  WarningPreview,
  WarningRecipient,
  WarningRecipientView,
  AssetResponsesInput,
} from '../contract/advisories.js';
import type { Page } from '../contract/common.js';
import type { Organisation } from '../contract/registry.js';
import { authorize, SYSTEM, visibility, type Actor } from '../core/auth/policy.js';
import {
  DomainError,
  forbidden,
  notFound,
  validationError,
  type FieldError,
} from '../core/errors.js';
import { uuidv7 } from '../core/ids.js';
import { addSeconds } from '../core/time.js';
import { bulletinsAtom } from '../core/warnings/atom.js';
import {
  WARNING_LEVEL_NAMES,
  defaultDueAt,
  issuerRefusal,
  type WarningLevel,
} from '../core/warnings/warning.js';
import type { Database } from '../storage/database.js';
import type { RecipientRow, WarningFields } from '../storage/repositories/warning.repository.js';
import { inTransaction, repositories, type Repositories, type UnitOfWork } from './unit-of-work.js';

export const FOLLOW_UP_WARNINGS_JOB = 'warnings.follow-up';
/** A late recipient is reminded once; a day later without remediation it is escalated. */
const ESCALATE_AFTER_REMINDER_SECONDS = 86_400;

/** A warning's words in one language. */
function wording(
  w: Pick<
    Warning,
    'titleZh' | 'titleEn' | 'bodyZh' | 'bodyEn' | 'measuresZh' | 'measuresEn' | 'level'
  >,
  language: string,
) {
  const zh = language === 'zh-CN';
  return {
    level: WARNING_LEVEL_NAMES[w.level][zh ? 'zh-CN' : 'en'],
    title: zh ? w.titleZh : w.titleEn,
    body: zh ? w.bodyZh : w.bodyEn,
    measures: zh ? w.measuresZh : w.measuresEn,
  };
}

const CONFIDENCE_NAMES = {
  identifier: { 'zh-CN': '标识符精确匹配', en: 'exact identifier' },
  range: { 'zh-CN': '版本在受影响范围内', en: 'version in range' },
  name: { 'zh-CN': '仅厂商和产品名称', en: 'vendor and product names only' },
} as const;

const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** Which fields of a warning changed, named for the recipients' notice. */
function changedFields(before: Warning, after: WarningFields): string[] {
  const fields = [
    'level',
    'titleZh',
    'titleEn',
    'bodyZh',
    'bodyEn',
    'measuresZh',
    'measuresEn',
    'dueAt',
  ] as const;
  return fields.filter((f) => before[f] !== after[f]);
}

/**
 * Early warnings: drafted from an advisory or on their own, previewed (who receives it and why),
 * issued under the plan's issuer rules, updated and lifted with every recipient told; each
 * recipient acknowledges and answers per matched asset; late ones are reminded, then escalated.
 */
export class WarningService {
  constructor(
    private readonly database: Database,
    private readonly publicUrl: string,
    private readonly now: () => string,
  ) {}

  private repos() {
    return repositories(this.database.db, this.database.dialect);
  }

  private transaction<T>(actor: Actor, work: (uow: UnitOfWork) => Promise<T>) {
    return inTransaction(this.database, actor, work, this.now);
  }

  /** The organisation a warning is issued in the name of: the user's own, or the national centre for the system. */
  private async issuerOrg(repos: Repositories, actor: Actor): Promise<Organisation> {
    const org =
      actor.kind === 'user'
        ? await repos.organisations.get(actor.orgId)
        : (await repos.organisations.byKind('coordinator'))[0];
    if (!org)
      throw new DomainError(
        'conflict',
        'No organisation can issue this warning: the registry has no national centre',
      );
    authorize(actor, 'warning.issue', org);
    return org;
  }

  private async load(uow: UnitOfWork, id: string): Promise<Warning> {
    const warning = await uow.repos.warnings.get(id);
    if (!warning) throw notFound('warning', id);
    return warning;
  }

  /** Who an audience reaches and why; matched organisations count their matched assets. */
  private async resolve(repos: Repositories, advisoryId: string | null, audience: Audience) {
    const reached = new Map<
      string,
      { org: Organisation | null; reasons: string[]; assetCount: number }
    >();
    const reach = (
      orgId: string,
      reason: string,
      org: Organisation | null = null,
      assetCount = 0,
    ) => {
      const entry = reached.get(orgId) ?? { org, reasons: [], assetCount: 0 };
      entry.reasons.push(reason);
      entry.assetCount = Math.max(entry.assetCount, assetCount);
      entry.org ??= org;
      reached.set(orgId, entry);
    };
    if (audience.matched && advisoryId) {
      for (const [orgId, assets] of await repos.advisories.matchedOrgs(advisoryId))
        reach(orgId, 'matched', null, assets);
    }
    for (const org of await repos.organisations.operatorsIn(audience.sectors, audience.regions)) {
      // Both lists chosen means operators of those sectors in those regions: both are the reason.
      const reasons = [
        ...(audience.sectors.length ? [`sector:${org.sector}`] : []),
        ...(audience.regions.length ? [`region:${org.region}`] : []),
      ];
      for (const reason of reasons) reach(org.id, reason, org);
    }
    for (const orgId of audience.orgIds) reach(orgId, 'chosen');
    const missing = [...reached].filter(([, e]) => !e.org).map(([id]) => id);
    const found = new Map((await repos.organisations.byIds(missing)).map((o) => [o.id, o]));
    const unknown = audience.orgIds.filter((id) => !found.has(id) && !reached.get(id)?.org);
    if (unknown.length)
      throw validationError([
        { field: '/audience/orgIds', reason: `no organisation has id ${unknown.join(', ')}` },
      ]);
    return [...reached].map(([orgId, e]) => ({
      org: (e.org ?? found.get(orgId))!,
      reasons: e.reasons,
      assetCount: e.assetCount,
    }));
  }

  /** The due date given, or else the policy's (the KEV date, or the level's days) from `from`. */
  private async dueAt(
    repos: Repositories,
    input: { level: WarningLevel; advisoryId?: string | null; dueAt?: string | null },
    from: string,
  ) {
    return input.dueAt ?? this.policyDueAt(repos, input, from);
  }

  private async policyDueAt(
    repos: Repositories,
    warning: { level: WarningLevel; advisoryId?: string | null },
    from: string,
  ) {
    const advisory = warning.advisoryId ? await repos.advisories.get(warning.advisoryId) : null;
    return defaultDueAt(warning.level, from, advisory?.kevDueDate ?? null);
  }

  private async checkAdvisory(repos: Repositories, advisoryId: string | null | undefined) {
    if (advisoryId && !(await repos.advisories.get(advisoryId))) {
      throw validationError([{ field: '/advisoryId', reason: 'no advisory has this id' }]);
    }
  }

  /** Who would receive the warning and why, and whether the actor may issue it; nothing is written. */
  async preview(actor: Actor, input: WarningInput): Promise<WarningPreview> {
    authorize(actor, 'warning.issue');
    // Reads only: no transaction, so a preview never waits for (or holds) the write lock.
    const repos = this.repos();
    await this.checkAdvisory(repos, input.advisoryId);
    const issuer = await this.issuerOrg(repos, actor);
    const recipients = await this.resolve(repos, input.advisoryId ?? null, input.audience);
    return {
      recipients: recipients.map(previewOf),
      total: recipients.length,
      dueAt: await this.dueAt(repos, input, this.now()),
      refusal: issuerRefusal(
        input.level,
        { actor, orgKind: issuer.kind, remit: issuer.remit, orgId: issuer.id },
        recipients.map((r) => r.org),
      ),
    };
  }

  async create(actor: Actor, input: WarningInput): Promise<Warning> {
    authorize(actor, 'warning.issue');
    const id = await this.transaction(actor, async (uow) => {
      await this.checkAdvisory(uow.repos, input.advisoryId);
      const issuer = await this.issuerOrg(uow.repos, uow.actor);
      const warning: WarningFields = {
        id: uuidv7(),
        advisoryId: input.advisoryId ?? null,
        level: input.level,
        state: 'draft',
        issuerOrgId: issuer.id,
        titleZh: input.titleZh,
        titleEn: input.titleEn,
        bodyZh: input.bodyZh,
        bodyEn: input.bodyEn,
        measuresZh: input.measuresZh,
        measuresEn: input.measuresEn,
        dueAt: await this.dueAt(uow.repos, input, uow.now),
        dueByPolicy: !input.dueAt,
        audience: input.audience,
        public: input.public ?? false,
        version: 1,
        createdAt: uow.now,
        updatedAt: uow.now,
        issuedAt: null,
        liftedAt: null,
        liftReason: null,
      };
      await uow.repos.warnings.insert(warning, actor.label);
      await uow.audit('warning.drafted', 'warning', warning.id, {
        level: warning.level,
        title: warning.titleEn,
      });
      return warning.id;
    });
    return this.get(actor, id);
  }

  /** Edits a draft, or updates an issued warning: recipients are told what changed, new ones are added. */
  async update(actor: Actor, id: string, patch: WarningPatch): Promise<Warning> {
    authorize(actor, 'warning.issue');
    await this.transaction(actor, async (uow) => {
      const current = await this.load(uow, id);
      if (current.state === 'lifted')
        throw new DomainError('conflict', 'A lifted warning is not changed; issue a new one');
      await this.editableBy(uow, current);
      await this.checkAdvisory(uow.repos, patch.advisoryId);
      const {
        issuerNameZh: _z,
        issuerNameEn: _e,
        advisoryTitle: _t,
        recipientCount: _r,
        acknowledgedCount: _a,
        remediatedCount: _m,
        ...fields
      } = current;
      const { dueAt, ...changes } = stripUndefined(patch);
      const next: WarningFields = {
        ...fields,
        ...changes,
        dueAt: dueAt ?? fields.dueAt,
        dueByPolicy: dueAt === undefined ? fields.dueByPolicy : dueAt === null,
        updatedAt: uow.now,
      };
      if (next.dueByPolicy)
        next.dueAt = await this.policyDueAt(uow.repos, next, current.issuedAt ?? uow.now);
      if (current.state === 'draft') {
        await uow.repos.warnings.update(next);
        await uow.audit('warning.edited', 'warning', id, {
          fields: Object.keys(stripUndefined(patch)),
        });
        return;
      }
      const changed = changedFields(current, next);
      next.version = current.version + 1;
      const recipients = await this.checkedRecipients(uow, next);
      await uow.repos.warnings.update(next);
      const known = new Set(await uow.repos.warnings.recipientOrgIds(id));
      const added = recipients.filter((r) => !known.has(r.org.id));
      await uow.repos.warnings.addRecipients(id, added.map(rowOf), uow.now);
      for (const r of recipients.filter((r) => known.has(r.org.id)))
        await uow.repos.warnings.updateRecipient(id, rowOf(r));
      const updated = { ...current, ...next };
      const assets = await this.matchedAssets(uow, updated);
      for (const r of recipients) {
        const own = assets.get(r.org.id) ?? [];
        if (known.has(r.org.id))
          await this.tell(uow, updated, r.org, 'warnings.updated', own, {
            changes: changed.map((c) => ({ field: c })),
          });
        else await this.tell(uow, updated, r.org, 'warnings.issued', own);
      }
      await uow.audit('warning.updated', 'warning', id, {
        version: next.version,
        changes: changed,
        added: added.length,
      });
    });
    return this.get(actor, id);
  }

  /** Issues a draft: its recipients are fixed and each is told, in its language, with its matched assets. */
  async issue(actor: Actor, id: string): Promise<Warning> {
    authorize(actor, 'warning.issue');
    await this.transaction(actor, async (uow) => {
      const current = await this.load(uow, id);
      if (current.state !== 'draft')
        throw new DomainError('conflict', `The warning is already ${current.state}`);
      await this.editableBy(uow, current);
      const recipients = await this.checkedRecipients(uow, current);
      if (recipients.length === 0) {
        throw validationError([
          {
            field: '/audience',
            reason:
              'reaches no organisation: choose sectors, regions or organisations, or an advisory with matches',
          },
        ]);
      }
      const issued = {
        ...current,
        state: 'issued' as const,
        issuedAt: uow.now,
        updatedAt: uow.now,
        dueAt: current.dueByPolicy
          ? await this.policyDueAt(uow.repos, current, uow.now)
          : current.dueAt,
      };
      await uow.repos.warnings.update(issued);
      await uow.repos.warnings.addRecipients(id, recipients.map(rowOf), uow.now);
      const assets = await this.matchedAssets(uow, issued);
      for (const r of recipients)
        await this.tell(uow, issued, r.org, 'warnings.issued', assets.get(r.org.id) ?? []);
      await uow.audit('warning.issued', 'warning', id, {
        level: current.level,
        recipients: recipients.length,
        dueAt: issued.dueAt,
      });
    });
    return this.get(actor, id);
  }

  async lift(actor: Actor, id: string, reason: string): Promise<Warning> {
    authorize(actor, 'warning.issue');
    await this.transaction(actor, async (uow) => {
      const current = await this.load(uow, id);
      if (current.state !== 'issued')
        throw new DomainError(
          'conflict',
          `Only an issued warning is lifted; this one is ${current.state}`,
        );
      await this.editableBy(uow, current);
      const lifted = {
        ...current,
        state: 'lifted' as const,
        liftedAt: uow.now,
        liftReason: reason,
        updatedAt: uow.now,
      };
      await uow.repos.warnings.update(lifted);
      const orgs = await uow.repos.organisations.byIds(
        await uow.repos.warnings.recipientOrgIds(id),
      );
      for (const org of orgs) await this.tell(uow, lifted, org, 'warnings.lifted', [], { reason });
      await uow.audit('warning.lifted', 'warning', id, { reason });
    });
    return this.get(actor, id);
  }

  /** Only the issuing organisation (or the centre) changes a warning. */
  private async editableBy(uow: UnitOfWork, warning: Warning) {
    const issuer = (await uow.repos.organisations.get(warning.issuerOrgId))!;
    authorize(uow.actor, 'warning.issue', issuer);
  }

  /** The recipients, refused as a whole when the issuer may not reach them at this level. */
  private async checkedRecipients(
    uow: UnitOfWork,
    warning: Pick<Warning, 'advisoryId' | 'audience' | 'level' | 'issuerOrgId'>,
  ) {
    const recipients = await this.resolve(uow.repos, warning.advisoryId, warning.audience);
    const issuer = (await uow.repos.organisations.get(warning.issuerOrgId))!;
    const refusal = issuerRefusal(
      warning.level,
      { actor: uow.actor, orgKind: issuer.kind, remit: issuer.remit, orgId: issuer.id },
      recipients.map((r) => r.org),
    );
    if (refusal) throw forbidden(`You may not issue this warning: ${refusal}`);
    return recipients;
  }

  /** Every organisation's matched assets for a warning's advisory: one query for a batch of notices. */
  private async matchedAssets(uow: UnitOfWork, warning: Warning) {
    const byOrg = new Map<string, AdvisoryMatch[]>();
    if (!warning.advisoryId) return byOrg;
    for (const match of await uow.repos.advisories.matches(warning.advisoryId, { kind: 'all' })) {
      const list = byOrg.get(match.orgId);
      if (list) list.push(match);
      else byOrg.set(match.orgId, [match]);
    }
    return byOrg;
  }

  /** One notice to an organisation, in its language, listing the matched assets given. */
  private async tell(
    uow: UnitOfWork,
    warning: Warning,
    org: Organisation,
    template: string,
    assets: readonly AdvisoryMatch[],
    extra: Record<string, unknown> = {},
  ) {
    await uow.notify({
      orgId: org.id,
      userId: null,
      language: org.language,
      template,
      params: {
        organisation: org.language === 'zh-CN' ? org.nameZh : org.nameEn,
        ...wording(warning, org.language),
        dueAt: when(warning.dueAt),
        version: warning.version,
        assets: assets.slice(0, 50).map((a) => ({
          name: a.componentName ? `${a.assetName} / ${a.componentName}` : a.assetName,
          version: a.version ?? '-',
          confidence: CONFIDENCE_NAMES[a.confidence][org.language === 'zh-CN' ? 'zh-CN' : 'en'],
        })),
        link: `${this.publicUrl.replace(/\/+$/, '')}/warnings/${warning.id}`,
        more: Math.max(0, assets.length - 50),
        ...extra,
      },
    });
  }

  async list(actor: Actor, query: WarningListQuery): Promise<Page<Warning>> {
    authorize(actor, 'warning.read');
    const repos = this.repos();
    const limit = query.limit ?? 50;
    if (visibility(actor, 'warning.read').kind === 'own' && actor.kind === 'user') {
      return repos.warnings.list({ ...query, limit, recipientOrg: actor.orgId });
    }
    return repos.warnings.list({ ...query, limit });
  }

  /** A warning as the reader may see it: recipients see theirs once issued; issuers and supervisors see all. */
  async get(actor: Actor, id: string): Promise<Warning> {
    authorize(actor, 'warning.read');
    const repos = this.repos();
    const warning = await repos.warnings.get(id);
    if (!warning) throw notFound('warning', id);
    if (visibility(actor, 'warning.read').kind === 'own' && actor.kind === 'user') {
      const recipients = await repos.warnings.recipientOrgIds(id);
      if (warning.state === 'draft' || !recipients.includes(actor.orgId))
        throw notFound('warning', id);
    }
    return warning;
  }

  async recipients(actor: Actor, id: string): Promise<WarningRecipient[]> {
    await this.get(actor, id);
    return this.repos().warnings.recipients(id, this.now(), visibility(actor, 'warning.read'));
  }

  async coverage(actor: Actor, id: string): Promise<Coverage> {
    await this.get(actor, id);
    return this.repos().warnings.coverage(id, this.now(), visibility(actor, 'warning.read'));
  }

  async overdue(actor: Actor): Promise<OverdueRecipient[]> {
    authorize(actor, 'warning.read');
    return this.repos().warnings.overdue(this.now(), visibility(actor, 'warning.read'));
  }

  /** The organisation a recipient action is for: the user's own unless a coordinator names one. */
  private async recipientOrg(
    uow: UnitOfWork | null,
    actor: Actor,
    warningId: string,
    orgId: string | undefined,
  ) {
    const repos = uow?.repos ?? this.repos();
    const id = orgId ?? (actor.kind === 'user' ? actor.orgId : undefined);
    if (!id)
      throw validationError([{ field: '/orgId', reason: 'is required for the system actor' }]);
    const org = await repos.organisations.get(id);
    if (!org) throw notFound('organisation', id);
    authorize(actor, 'warning.respond', org);
    if (!(await repos.warnings.recipientOrgIds(warningId)).includes(id)) {
      throw new DomainError('not_found', 'This organisation did not receive the warning');
    }
    return org;
  }

  /** What a recipient sees: the warning, its matched assets and its answers so far. */
  async recipientView(actor: Actor, id: string, orgId?: string): Promise<WarningRecipientView> {
    const warning = await this.get(actor, id);
    const org = await this.recipientOrg(null, actor, id, orgId);
    const repos = this.repos();
    const recipient = (
      await repos.warnings.recipients(id, this.now(), { kind: 'own', orgId: org.id })
    )[0]!;
    return {
      warning,
      orgId: org.id,
      acknowledgedAt: recipient.acknowledgedAt,
      remediatedAt: recipient.remediatedAt,
      assets: await this.assetsOf(repos, warning, org.id),
    };
  }

  private async assetsOf(
    repos: ReturnType<typeof repositories>,
    warning: Warning,
    orgId: string,
  ): Promise<RecipientAsset[]> {
    const matches = warning.advisoryId
      ? await repos.advisories.matches(warning.advisoryId, { kind: 'own', orgId })
      : [];
    const responses = await repos.warnings.responses(warning.id, orgId);
    // One row per asset: an asset matched through several SBOM components is answered once.
    const byAsset = new Map<string, RecipientAsset>();
    for (const m of matches) {
      if (byAsset.has(m.assetId)) continue;
      const answer = responses.get(m.assetId);
      byAsset.set(m.assetId, {
        assetId: m.assetId,
        assetName: m.assetName,
        componentName: m.componentName,
        version: m.version,
        confidence: m.confidence,
        reason: m.reason,
        response: answer?.response ?? null,
        responseReason: answer?.reason ?? null,
        respondedAt: answer?.respondedAt ?? null,
      });
    }
    return [...byAsset.values()];
  }

  async acknowledge(actor: Actor, id: string, orgId?: string): Promise<WarningRecipientView> {
    authorize(actor, 'warning.respond');
    const org = await this.transaction(actor, async (uow) => {
      const warning = await this.load(uow, id);
      if (warning.state !== 'issued')
        throw new DomainError('conflict', `The warning is ${warning.state}`);
      const org = await this.recipientOrg(uow, actor, id, orgId);
      await uow.repos.warnings.acknowledge(id, org.id, actor.label, uow.now);
      await this.settle(uow, warning, org.id);
      await uow.audit('warning.acknowledged', 'warning', id, { orgId: org.id });
      return org;
    });
    return this.recipientView(actor, id, org.id);
  }

  /** Answers per asset; answering also acknowledges. */
  async respond(
    actor: Actor,
    id: string,
    input: AssetResponsesInput,
  ): Promise<WarningRecipientView> {
    authorize(actor, 'warning.respond');
    const org = await this.transaction(actor, async (uow) => {
      const warning = await this.load(uow, id);
      if (warning.state !== 'issued')
        throw new DomainError('conflict', `The warning is ${warning.state}`);
      const org = await this.recipientOrg(uow, actor, id, input.orgId);
      const problems: FieldError[] = [];
      for (const [i, r] of input.responses.entries()) {
        const asset = await uow.repos.assets.get(r.assetId);
        if (!asset || asset.orgId !== org.id)
          problems.push({
            field: `/responses/${i}/assetId`,
            reason: 'is not an asset of this organisation',
          });
        if (r.response === 'not_affected' && !r.reason?.trim())
          problems.push({
            field: `/responses/${i}/reason`,
            reason: 'is required to say why the asset is not affected',
          });
      }
      if (problems.length) throw validationError(problems);
      await uow.repos.warnings.saveResponses(
        id,
        input.responses.map((r) => ({
          assetId: r.assetId,
          orgId: org.id,
          response: r.response,
          reason: r.reason?.trim() || null,
          respondedBy: actor.label,
          respondedAt: uow.now,
        })),
      );
      await uow.repos.warnings.acknowledge(id, org.id, actor.label, uow.now);
      await this.settle(uow, warning, org.id);
      await uow.audit('warning.answered', 'warning', id, {
        orgId: org.id,
        responses: input.responses.map((r) => ({ assetId: r.assetId, response: r.response })),
      });
      return org;
    });
    return this.recipientView(actor, id, org.id);
  }

  /** A recipient is remediated once every matched asset has an answer (at once if it has none). */
  private async settle(uow: UnitOfWork, warning: Warning, orgId: string) {
    const assets = await this.assetsOf(uow.repos, warning, orgId);
    const responses = await uow.repos.warnings.responses(warning.id, orgId);
    const done = assets.every((a) => responses.has(a.assetId));
    await uow.repos.warnings.setRemediated(warning.id, orgId, done ? uow.now : null);
  }

  /** Reminds late recipients once, then escalates them to their supervising authority and the centre. */
  async followUp(): Promise<{ reminded: number; escalated: number }> {
    return this.transaction(SYSTEM, async (uow) => {
      let reminded = 0;
      let escalated = 0;
      const coordinators = await uow.repos.organisations.byKind('coordinator');
      // Late rows repeat warnings and organisations: each is read once.
      const warnings = new Map<
        string,
        Promise<{ warning: Warning; assets: Map<string, AdvisoryMatch[]> }>
      >();
      const orgs = new Map<string, Promise<Organisation | null>>();
      const warningOf = (id: string) => {
        let found = warnings.get(id);
        if (!found) {
          found = this.load(uow, id).then(async (warning) => ({
            warning,
            assets: await this.matchedAssets(uow, warning),
          }));
          warnings.set(id, found);
        }
        return found;
      };
      const orgOf = (id: string) => {
        let found = orgs.get(id);
        if (!found) orgs.set(id, (found = uow.repos.organisations.get(id)));
        return found;
      };
      const remindedBefore = addSeconds(uow.now, -ESCALATE_AFTER_REMINDER_SECONDS);
      for (const late of await uow.repos.warnings.late(uow.now, remindedBefore, 500)) {
        const { warning, assets } = await warningOf(late.warningId);
        const org = (await orgOf(late.orgId))!;
        const own = assets.get(org.id) ?? [];
        if (!late.remindedAt) {
          await this.tell(uow, warning, org, 'warnings.reminder', own);
          await uow.repos.warnings.markReminded(late.warningId, late.orgId, uow.now);
          reminded += 1;
          continue;
        }
        const supervisor = org.parentId ? await orgOf(org.parentId) : null;
        const issuer = await orgOf(warning.issuerOrgId);
        const told = [supervisor, ...coordinators, issuer].filter(
          (o): o is Organisation => o !== null,
        );
        for (const to of new Map(told.map((o) => [o.id, o])).values()) {
          const zh = to.language === 'zh-CN';
          const status = late.acknowledgedAt
            ? zh
              ? '已确认收到'
              : 'acknowledged'
            : zh
              ? '未确认收到'
              : 'not acknowledged';
          await this.tell(uow, warning, to, 'warnings.escalation', own, {
            recipient: zh ? org.nameZh : org.nameEn,
            status,
          });
        }
        await uow.repos.warnings.markEscalated(late.warningId, late.orgId, uow.now);
        escalated += 1;
      }
      if (reminded || escalated)
        await uow.audit('warning.followed_up', 'warning', uuidv7(), { reminded, escalated });
      return { reminded, escalated };
    });
  }

  /** Public warnings for the bulletins page and the Atom feed. */
  async bulletins(): Promise<Bulletin[]> {
    return this.repos().warnings.bulletins(100);
  }

  async bulletinsAtom(language: 'zh-CN' | 'en'): Promise<string> {
    return bulletinsAtom(await this.bulletins(), {
      baseUrl: this.publicUrl,
      language,
      now: this.now(),
    });
  }
}

function previewOf(r: {
  org: Organisation;
  reasons: string[];
  assetCount: number;
}): PreviewRecipient {
  return {
    orgId: r.org.id,
    nameZh: r.org.nameZh,
    nameEn: r.org.nameEn,
    sector: r.org.sector,
    region: r.org.region,
    reasons: r.reasons,
    assetCount: r.assetCount,
  };
}

function rowOf(r: { org: Organisation; reasons: string[]; assetCount: number }): RecipientRow {
  return { orgId: r.org.id, reasons: r.reasons, assetCount: r.assetCount };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
