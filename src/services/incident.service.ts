import { createHash } from 'node:crypto';
import type { Page } from '../contract/common.js';
import type {
  Attachment,
  GradeOverrideInput,
  IncidentDetail,
  IncidentInput,
  IncidentListQuery,
  IncidentSummary,
  PublicIncidentInput,
  StatusInput,
  Submitted,
  SubmissionInput,
} from '../contract/incidents.js';
import type { Organisation } from '../contract/registry.js';
import { authorize, SYSTEM, visibility, type Actor, type OrgRef } from '../core/auth/policy.js';
import { DomainError, notFound, validationError, type FieldError } from '../core/errors.js';
import { uuidv7 } from '../core/ids.js';
import { DEFAULT_REMINDERS, nextFireAt, reconcileClocks } from '../core/reporting/clocks.js';
import {
  generateSigningKey,
  signReceipt,
  verifyReceipt,
  type Receipt,
} from '../core/reporting/receipt.js';
import { findSubcategory, isValidSubcategory, toRsit } from '../core/reporting/taxonomy.js';
import type { Evaluation } from '../core/rules/evaluate.js';
import { checkFacts, type Facts } from '../core/rules/facts.js';
import type { Anchor } from '../core/rules/pack.js';
import { isoNow } from '../core/time.js';
import type { Database } from '../storage/database.js';
import type {
  StoredClock,
  StoredIncident,
  StoredSubmission,
} from '../storage/repositories/incident.repository.js';
import { authoritiesFor } from './routing.js';
import type { NetworkDirectory } from './network-directory.js';
import type { RulesService } from './rules.service.js';
import { inTransaction, repositories, type UnitOfWork } from './unit-of-work.js';

/** Facts the registry states about the reporter; a report may not contradict them. */
const REGISTRY_FACTS = ['org.country', 'org.sector', 'org.region', 'org.kind', 'org.cii'] as const;

const TIME_ANCHORS: Record<string, Exclude<Anchor, 'previous_stage'>> = {
  occurredAt: 'occurred',
  detectedAt: 'detected',
  awareAt: 'aware',
  classifiedAt: 'classified',
  materialityDecidedAt: 'materiality_decided',
  fixAvailableAt: 'fix_available',
  handlingEndedAt: 'handling_ended',
  ransomPaidAt: 'ransom_paid',
};

const orgRef = (org: Organisation): OrgRef => ({
  id: org.id,
  parentId: org.parentId,
  sector: org.sector,
  region: org.region,
});

function registryFacts(org: Organisation): Facts {
  return {
    'org.country': org.country,
    'org.sector': org.sector,
    'org.region': org.region,
    'org.kind': org.kind,
    'org.cii': org.cii.designated,
  };
}

function anchorsOf(times: object): Record<string, string> {
  const anchors: Record<string, string> = {};
  for (const [field, anchor] of Object.entries(TIME_ANCHORS)) {
    const at = (times as Record<string, unknown>)[field];
    if (typeof at !== 'string') continue;
    anchors[anchor] = new Date(at).toISOString();
  }
  return anchors;
}

/**
 * Statutory incident reports: an incident is graded by every applicable rule pack, its clocks
 * follow the facts, each stage report is a versioned submission with a signed receipt, and the
 * receiving authorities are told through the outbox, all in one transaction per change.
 */
export class IncidentService {
  constructor(
    private readonly database: Database,
    private readonly rules: RulesService,
    /** The current time; tests move it to see clocks fall due. */
    private readonly now: () => string = isoNow,
  ) {}

  async report(actor: Actor, input: IncidentInput, idempotencyKey?: string): Promise<Submitted> {
    const reporterOrgId = input.reporterOrgId ?? (actor.kind === 'user' ? actor.orgId : undefined);
    if (!reporterOrgId)
      throw validationError([
        {
          field: '/reporterOrgId',
          reason: 'is required when the reporter is not a signed-in organisation',
        },
      ]);
    const facts = input.facts ?? {};
    const errors: FieldError[] = [...checkFacts(facts)];
    for (const name of REGISTRY_FACTS)
      if (name in facts)
        errors.push({
          field: `/facts/${name}`,
          reason: 'comes from the registry and cannot be reported',
        });
    if (!isValidSubcategory(input.category))
      errors.push({ field: '/category', reason: 'is not a GB/T 20986-2023 subcategory code' });
    if (errors.length > 0) throw validationError(errors);

    const replay = idempotencyKey ? await this.replay(`${reporterOrgId}:${idempotencyKey}`) : null;
    if (replay) return replay;

    const detail = await inTransaction(this.database, actor, async (uow) => {
      const org = await uow.repos.organisations.get(reporterOrgId);
      if (!org)
        throw validationError([
          { field: '/reporterOrgId', reason: `organisation ${reporterOrgId} does not exist` },
        ]);
      authorize(actor, 'incident.report', orgRef(org));
      await this.checkAssets(uow, org.id, input.affectedAssetIds ?? []);
      const now = this.now();
      const number = await uow.repos.incidents.nextNumber(Number(now.slice(0, 4)));
      const incident: StoredIncident = {
        id: uuidv7(),
        reference: `FH-${now.slice(0, 4)}-${String(number).padStart(6, '0')}`,
        reporterOrgId: org.id,
        reportedBy: actor.kind === 'user' ? actor.userId : null,
        source: actor.kind === 'user' && actor.orgId !== org.id ? 'third_party' : 'operator',
        status: 'reported',
        category: input.category,
        title: input.title,
        summary: input.summary,
        tlp: input.tlp ?? 'amber',
        facts: { ...(facts as Facts), ...registryFacts(org) } as StoredIncident['facts'],
        anchors: anchorsOf(input),
        details: {
          location: input.location ?? null,
          containedAt: input.containedAt ?? null,
          affectedAssetIds: input.affectedAssetIds ?? [],
          narrative: input.narrative ?? {},
          ransom: input.ransom ?? null,
        },
        gradeOverrides: {},
        createdAt: now,
        updatedAt: now,
      };
      await uow.repos.incidents.insert(incident);
      await uow.audit('incident.reported', 'incident', incident.id, {
        reference: incident.reference,
        reporterOrgId: org.id,
        category: incident.category,
        source: incident.source,
      });

      // The report itself is the first stage of every pack whose first report goes to authorities in the registry.
      const evaluations = this.evaluate(incident, []);
      const receipts: Receipt[] = [];
      for (const evaluation of evaluations) {
        const first = evaluation.obligations[0];
        const pack = this.rules.pack(evaluation.pack)!;
        if (!first || first.stage !== pack.stages[0]!.id) continue;
        if (!first.recipients.every((r) => pack.recipients[r.id]?.authority)) continue;
        receipts.push(
          await this.recordSubmission(
            uow,
            incident,
            evaluation.pack,
            first.stage,
            { reportedWith: 'incident report' },
            idempotencyKey ? `${org.id}:${idempotencyKey}` : null,
            now,
          ),
        );
        await this.notifyRecipients(uow, incident, org, evaluation, first.stage);
      }
      await this.settleClocks(uow, incident, now);
      return { incident: await this.detail(uow.repos, incident), receipts };
    });
    return detail;
  }

  /**
   * A report from the public. It is attached to the organisation its subject resolves to
   * (an address, domain or AS number in the registry) or else to the national coordinator,
   * marked `public` and `under_assessment`: it starts no statutory clock, since the public owes
   * none; the coordinators are told and assess it. The reporter gets a signed receipt.
   */
  async reportPublic(
    input: PublicIncidentInput,
    directory: NetworkDirectory,
  ): Promise<{ reference: string; receipt: Receipt }> {
    if (!isValidSubcategory(input.category))
      throw validationError([
        { field: '/category', reason: 'is not a GB/T 20986-2023 subcategory code' },
      ]);
    const match = await directory.lookup(SYSTEM, input.concerns).catch(() => null);
    const actor: Actor = { kind: 'system', label: 'public' };
    return inTransaction(this.database, actor, async (uow) => {
      const coordinators = await uow.repos.organisations.byKind('coordinator');
      const holder = match?.match?.organisation.id ?? coordinators[0]?.id;
      if (!holder)
        throw new DomainError(
          'conflict',
          'Fenghuo has no coordinating organisation to receive public reports yet',
        );
      const now = this.now();
      const number = await uow.repos.incidents.nextNumber(Number(now.slice(0, 4)));
      const incident: StoredIncident = {
        id: uuidv7(),
        reference: `FH-${now.slice(0, 4)}-${String(number).padStart(6, '0')}`,
        reporterOrgId: holder,
        reportedBy: null,
        source: 'public',
        status: 'under_assessment',
        category: input.category,
        title: input.title,
        summary: input.summary,
        tlp: 'amber',
        facts: {},
        anchors: input.awareAt ? { aware: new Date(input.awareAt).toISOString() } : {},
        details: {
          concerns: input.concerns,
          contactEmail: input.contactEmail ?? null,
          matchedNetwork: match?.match?.network.value ?? null,
        },
        gradeOverrides: {},
        createdAt: now,
        updatedAt: now,
      };
      await uow.repos.incidents.insert(incident);
      await uow.audit('incident.reported', 'incident', incident.id, {
        reference: incident.reference,
        source: 'public',
        concerns: input.concerns,
      });
      const receipt = await this.recordSubmission(
        uow,
        incident,
        'public',
        'tip',
        { concerns: input.concerns },
        null,
        now,
      );
      for (const coordinator of coordinators) {
        const language = coordinator.language;
        await notifyReceived(uow, coordinator, incident, {
          organisation: input.concerns,
          stage: language === 'en' ? 'public report' : '公众报告',
          grade: language === 'en' ? 'to be assessed' : '待评估',
          pack: '—',
        });
      }
      return { reference: incident.reference, receipt };
    });
  }

  async submit(
    actor: Actor,
    incidentId: string,
    input: SubmissionInput,
    idempotencyKey?: string,
  ): Promise<Submitted> {
    const errors = input.facts ? checkFacts(input.facts) : [];
    for (const name of REGISTRY_FACTS)
      if (input.facts && name in input.facts)
        errors.push({
          field: `/facts/${name}`,
          reason: 'comes from the registry and cannot be reported',
        });
    if (errors.length > 0) throw validationError(errors);
    const pack = this.rules.pack(input.pack);
    if (!pack)
      throw validationError([{ field: '/pack', reason: `no rule pack ${input.pack} is loaded` }]);
    if (!pack.stages.some((s) => s.id === input.stage))
      throw validationError([
        { field: '/stage', reason: `${input.pack} has no stage ${input.stage}` },
      ]);
    return inTransaction(this.database, actor, async (uow) => {
      const { incident, org } = await this.load(uow, 'incident.report', incidentId);
      if (idempotencyKey) {
        const previous = (
          await uow.repos.incidents.submissionsByIdempotencyKey(`${org.id}:${idempotencyKey}`)
        ).filter((s) => s.incidentId === incidentId);
        if (previous.length > 0)
          return {
            incident: await this.detail(uow.repos, incident),
            receipts: previous.map((s) => s.receipt),
          };
      }
      const now = this.now();
      incident.facts = {
        ...incident.facts,
        ...(input.facts as Facts),
        ...registryFacts(org),
      } as StoredIncident['facts'];
      incident.anchors = { ...incident.anchors, ...anchorsOf(input.times ?? {}) };
      incident.updatedAt = now;
      // The stage's required fields (as the pack states them for these facts) must be in the report or already known.
      const owed = this.evaluate(incident, [])
        .find((e) => e.pack === input.pack)
        ?.obligations.find((o) => o.stage === input.stage);
      const missing = (owed?.requiredFields ?? []).filter(
        (field) => !isStated(field, input.content ?? {}, incident),
      );
      if (missing.length > 0)
        throw validationError(
          missing.map((field) => ({
            field: `/content/${field}`,
            reason: `is required in the ${input.stage} report`,
          })),
        );
      await uow.repos.incidents.update(incident);
      const receipt = await this.recordSubmission(
        uow,
        incident,
        input.pack,
        input.stage,
        input.content ?? {},
        idempotencyKey ? `${org.id}:${idempotencyKey}` : null,
        now,
      );
      const evaluation = this.evaluate(
        incident,
        await uow.repos.incidents.submissions(incident.id),
      ).find((e) => e.pack === input.pack)!;
      if (evaluation.obligations.some((o) => o.stage === input.stage))
        await this.notifyRecipients(uow, incident, org, evaluation, input.stage);
      await this.settleClocks(uow, incident, now);
      return { incident: await this.detail(uow.repos, incident), receipts: [receipt] };
    });
  }

  async get(actor: Actor, id: string): Promise<IncidentDetail> {
    const repos = repositories(this.database.db, this.database.dialect);
    const incident = await repos.incidents.get(id);
    if (!incident) throw notFound('incident', id);
    const org = (await repos.organisations.get(incident.reporterOrgId))!;
    authorize(actor, 'incident.read', orgRef(org));
    return this.detail(repos, incident);
  }

  async list(actor: Actor, query: IncidentListQuery): Promise<Page<IncidentSummary>> {
    authorize(actor, 'incident.read');
    const page = await repositories(this.database.db, this.database.dialect).incidents.list(
      query,
      visibility(actor, 'incident.read'),
    );
    return { items: page.items.map(summaryOf), nextCursor: page.nextCursor };
  }

  async overrideGrade(
    actor: Actor,
    incidentId: string,
    input: GradeOverrideInput,
  ): Promise<IncidentDetail> {
    const pack = this.rules.pack(input.pack);
    if (!pack)
      throw validationError([{ field: '/pack', reason: `no rule pack ${input.pack} is loaded` }]);
    if (!pack.grading.grades.some((g) => g.code === input.grade)) {
      throw validationError([
        {
          field: '/grade',
          reason: `must be one of ${pack.grading.grades.map((g) => g.code).join(', ')}`,
        },
      ]);
    }
    return inTransaction(this.database, actor, async (uow) => {
      const { incident } = await this.load(uow, 'incident.grade', incidentId);
      const now = this.now();
      const before = this.evaluate(incident, []).find((e) => e.pack === input.pack)!.grade.code;
      incident.gradeOverrides = {
        ...incident.gradeOverrides,
        [input.pack]: { grade: input.grade, reason: input.reason, by: actor.label, at: now },
      };
      incident.updatedAt = now;
      await uow.repos.incidents.update(incident);
      await uow.audit('incident.grade_overridden', 'incident', incident.id, {
        pack: input.pack,
        from: before,
        to: input.grade,
        reason: input.reason,
      });
      await this.settleClocks(uow, incident, now);
      return this.detail(uow.repos, incident);
    });
  }

  async waiveClock(actor: Actor, clockId: string, reason: string): Promise<IncidentDetail> {
    return inTransaction(this.database, actor, async (uow) => {
      const clock = await uow.repos.incidents.clock(clockId);
      if (!clock) throw notFound('clock', clockId);
      const { incident } = await this.load(uow, 'incident.waive', clock.incidentId);
      if (clock.state === 'met' || clock.state === 'met_late')
        throw new DomainError(
          'conflict',
          'The deadline was already met; there is nothing to waive',
        );
      await uow.repos.incidents.saveClocks(
        incident.id,
        [{ ...clock, state: 'waived', waivedReason: reason, nextFireAt: null }],
        [],
      );
      await uow.audit('incident.clock_waived', 'incident', incident.id, {
        clock: `${clock.pack}/${clock.kind}/${clock.ref}`,
        reason,
      });
      return this.detail(uow.repos, incident);
    });
  }

  /** Moves the incident through its handling: reported, under assessment, responding, contained, closed. */
  async setStatus(actor: Actor, incidentId: string, input: StatusInput): Promise<IncidentDetail> {
    return inTransaction(this.database, actor, async (uow) => {
      const { incident } = await this.load(uow, 'incident.report', incidentId);
      const from = incident.status;
      if (from === input.status) return this.detail(uow.repos, incident);
      incident.status = input.status;
      incident.updatedAt = this.now();
      await uow.repos.incidents.update(incident);
      await uow.audit('incident.status_changed', 'incident', incident.id, {
        from,
        to: input.status,
        note: input.note ?? null,
      });
      return this.detail(uow.repos, incident);
    });
  }

  /** Stores a file with the incident, with its SHA-256; reporters and those who manage them may attach. */
  async attach(
    actor: Actor,
    incidentId: string,
    file: { filename: string; contentType: string; content: Buffer },
  ): Promise<Attachment> {
    if (file.content.length === 0)
      throw validationError([{ field: '/', reason: 'the file is empty' }]);
    return inTransaction(this.database, actor, async (uow) => {
      const { incident } = await this.load(uow, 'incident.report', incidentId);
      const row = {
        id: uuidv7(),
        incident_id: incident.id,
        filename: file.filename,
        content_type: file.contentType,
        size: file.content.length,
        sha256: createHash('sha256').update(file.content).digest('hex'),
        content: file.content,
        uploaded_by: actor.label,
        uploaded_at: this.now(),
      };
      await uow.repos.incidents.insertAttachment(row);
      await uow.audit('incident.attachment_added', 'incident', incident.id, {
        attachmentId: row.id,
        filename: row.filename,
        size: row.size,
        sha256: row.sha256,
      });
      return toAttachment(row);
    });
  }

  async download(
    actor: Actor,
    attachmentId: string,
  ): Promise<{ attachment: Attachment; content: Buffer }> {
    const repos = repositories(this.database.db, this.database.dialect);
    const row = await repos.incidents.attachment(attachmentId);
    if (!row) throw notFound('attachment', attachmentId);
    const incident = (await repos.incidents.get(row.incident_id))!;
    const org = (await repos.organisations.get(incident.reporterOrgId))!;
    authorize(actor, 'incident.read', orgRef(org));
    return { attachment: toAttachment(row), content: Buffer.from(row.content) };
  }

  /** Checks a receipt against the server key that signed it. */
  async verifyReceipt(
    receipt: Receipt,
  ): Promise<{ valid: boolean; keyId: string; reason: string | null }> {
    const key = await repositories(this.database.db, this.database.dialect).signingKeys.get(
      receipt.keyId,
    );
    if (!key)
      return {
        valid: false,
        keyId: receipt.keyId,
        reason: 'no signing key of this server has that id',
      };
    const valid = verifyReceipt(receipt, key.publicKeyPem);
    return {
      valid,
      keyId: key.id,
      reason: valid ? null : 'the signature does not match the receipt',
    };
  }

  private async replay(key: string): Promise<Submitted | null> {
    const repos = repositories(this.database.db, this.database.dialect);
    const previous = await repos.incidents.submissionsByIdempotencyKey(key);
    if (previous.length === 0) return null;
    const incident = (await repos.incidents.get(previous[0]!.incidentId))!;
    return {
      incident: await this.detail(repos, incident),
      receipts: previous.map((s) => s.receipt),
    };
  }

  private async load(
    uow: UnitOfWork,
    action: 'incident.report' | 'incident.grade' | 'incident.waive',
    id: string,
  ) {
    const incident = await uow.repos.incidents.get(id);
    if (!incident) throw notFound('incident', id);
    const org = (await uow.repos.organisations.get(incident.reporterOrgId))!;
    authorize(uow.actor, action, orgRef(org));
    return { incident, org };
  }

  private async checkAssets(
    uow: UnitOfWork,
    orgId: string,
    assetIds: readonly string[],
  ): Promise<void> {
    const errors: FieldError[] = [];
    for (const [i, id] of assetIds.entries()) {
      const asset = await uow.repos.assets.get(id);
      if (!asset || asset.orgId !== orgId)
        errors.push({
          field: `/affectedAssetIds/${i}`,
          reason: 'is not an asset of the reporting organisation',
        });
    }
    if (errors.length > 0) throw validationError(errors);
  }

  private evaluate(
    incident: StoredIncident,
    submissions: readonly StoredSubmission[],
  ): Evaluation[] {
    const submitted: Record<string, string> = {};
    for (const s of submissions) submitted[`${s.pack}/${s.stage}`] ??= s.submittedAt;
    return this.rules.evaluateChecked(
      incident.facts as Facts,
      { anchors: incident.anchors, submitted },
      incident.gradeOverrides,
    );
  }

  private async recordSubmission(
    uow: UnitOfWork,
    incident: StoredIncident,
    pack: string,
    stage: string,
    content: Record<string, unknown>,
    idempotencyKey: string | null,
    now: string,
  ): Promise<Receipt> {
    const earlier = (await uow.repos.incidents.submissions(incident.id)).filter(
      (s) => s.pack === pack && s.stage === stage,
    );
    const version = earlier.length + 1;
    const id = uuidv7();
    const auditHash = await uow.audit('incident.stage_submitted', 'incident', incident.id, {
      reference: incident.reference,
      pack,
      stage,
      version,
    });
    let key = await uow.repos.signingKeys.current();
    if (!key) {
      key = generateSigningKey(`ed25519-${now.slice(0, 10)}-${uuidv7().slice(-8)}`);
      await uow.repos.signingKeys.insert(key, now);
    }
    const receipt = signReceipt(
      {
        reference: incident.reference,
        incidentId: incident.id,
        pack,
        stage,
        version,
        receivedAt: now,
        auditHash,
      },
      key,
    );
    const idempotency = idempotencyKey ? `${idempotencyKey}#${pack}/${stage}` : null;
    await uow.repos.incidents.insertSubmission({
      id,
      incidentId: incident.id,
      pack,
      stage,
      version,
      content,
      submittedAt: now,
      submittedBy: uow.actor.label,
      idempotencyKey: idempotency,
      receipt,
    });
    return receipt;
  }

  /** Tells every registry authority the stage's recipients name, in its own language, through the outbox. */
  private async notifyRecipients(
    uow: UnitOfWork,
    incident: StoredIncident,
    org: Organisation,
    evaluation: Evaluation,
    stage: string,
  ): Promise<void> {
    const obligation = evaluation.obligations.find((o) => o.stage === stage);
    if (!obligation) return;
    const pack = this.rules.pack(evaluation.pack)!;
    const authorities = await authoritiesFor(
      uow.repos,
      pack,
      obligation.recipients.map((r) => r.id),
      org,
    );
    for (const authority of authorities) {
      const language = authority.language;
      await notifyReceived(uow, authority, incident, {
        organisation: language === 'en' ? org.nameEn : org.nameZh,
        stage: obligation.stageLabel[language],
        grade: evaluation.grade.label[language],
        pack: pack.title[language],
      });
    }
    await uow.audit('incident.routed', 'incident', incident.id, {
      pack: evaluation.pack,
      stage,
      authorities: authorities.map((a) => a.id),
    });
  }

  /** Re-grades the incident and writes its clocks as the facts now say. */
  private async settleClocks(
    uow: UnitOfWork,
    incident: StoredIncident,
    now: string,
  ): Promise<void> {
    const submissions = await uow.repos.incidents.submissions(incident.id);
    const submitted: Record<string, string> = {};
    for (const s of submissions) submitted[`${s.pack}/${s.stage}`] ??= s.submittedAt;
    const existing = await uow.repos.incidents.clocks(incident.id);
    const byKey = new Map(existing.map((c) => [`${c.pack}/${c.kind}/${c.ref}`, c]));
    const { clocks, dropped } = reconcileClocks(
      this.evaluate(incident, submissions),
      submitted,
      {},
      existing,
      now,
    );
    const stored: StoredClock[] = clocks.map((c) => {
      const before = byKey.get(`${c.pack}/${c.kind}/${c.ref}`);
      // A moved deadline restarts its reminders.
      const remindersSent = before && before.dueAt === c.dueAt ? before.remindersSent : 0;
      return {
        ...c,
        id: before?.id ?? uuidv7(),
        incidentId: incident.id,
        remindersSent,
        nextFireAt: nextFireAt(
          c,
          this.rules.pack(c.pack)?.reminders ?? DEFAULT_REMINDERS,
          remindersSent,
        ),
      };
    });
    await uow.repos.incidents.saveClocks(
      incident.id,
      stored,
      dropped.map((c) => byKey.get(`${c.pack}/${c.kind}/${c.ref}`)!.id),
    );
  }

  private async detail(
    repos: UnitOfWork['repos'],
    incident: StoredIncident,
  ): Promise<IncidentDetail> {
    const submissions = await repos.incidents.submissions(incident.id);
    return {
      ...summaryOf(incident),
      summary: incident.summary,
      facts: incident.facts,
      anchors: incident.anchors,
      details: incident.details,
      gradeOverrides: incident.gradeOverrides,
      evaluations: this.evaluate(incident, submissions).filter((e) => e.applies),
      clocks: await repos.incidents.clocks(incident.id),
      attachments: (await repos.incidents.attachments(incident.id)).map(toAttachment),
      rsit: toRsit(incident.category),
      submissions: submissions.map((s) => ({
        id: s.id,
        pack: s.pack,
        stage: s.stage,
        version: s.version,
        submittedAt: s.submittedAt,
        submittedBy: s.submittedBy,
        content: s.content,
        receipt: s.receipt,
      })),
    };
  }
}

/** Tells an organisation, in its language, that a report of the incident reached it. */
async function notifyReceived(
  uow: UnitOfWork,
  to: Organisation,
  incident: StoredIncident,
  said: { organisation: string; stage: string; grade: string; pack: string },
): Promise<void> {
  await uow.notify({
    orgId: to.id,
    userId: null,
    language: to.language,
    template: 'incident.report_received',
    params: {
      ...said,
      reference: incident.reference,
      title: incident.title,
      category: categoryName(incident.category, to.language),
      occurredAt: incident.anchors.occurred ?? '',
      awareAt: incident.anchors.aware ?? '',
      summary: incident.summary,
      link: incidentLink(incident.id),
    },
  });
}

/** Where a recipient sees the incident: a path of the web app. */
export function incidentLink(id: string): string {
  return `/incidents/${id}`;
}

function categoryName(code: string, language: 'zh-CN' | 'en'): string {
  const sub = findSubcategory(code);
  return sub ? `${code} ${sub.name[language]}` : code;
}

function toAttachment(row: {
  id: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  uploaded_by: string;
  uploaded_at: string;
}): Attachment {
  return {
    id: row.id,
    filename: row.filename,
    contentType: row.content_type,
    size: Number(row.size),
    sha256: row.sha256,
    uploadedBy: row.uploaded_by,
    uploadedAt: row.uploaded_at,
  };
}

/** Where a stage's named field may already be known from the incident itself. */
const KNOWN_FIELDS: Record<string, (i: StoredIncident) => unknown> = {
  reportingOrg: (i) => i.reporterOrgId,
  affectedSystems: (i) =>
    (i.details.affectedAssetIds as string[] | undefined)?.length
      ? i.details.affectedAssetIds
      : null,
  occurredAt: (i) => i.anchors.occurred ?? i.anchors.aware,
  awareAt: (i) => i.anchors.aware,
  location: (i) => i.details.location,
  category: (i) => i.category,
  grade: () => true,
  impact: (i) => Object.keys(i.facts).some((f) => f.startsWith('impact.')) || null,
  'ransom.amount': (i) => (i.details.ransom as Record<string, unknown> | null)?.amount,
  'ransom.method': (i) => (i.details.ransom as Record<string, unknown> | null)?.method,
  'ransom.date': (i) => (i.details.ransom as Record<string, unknown> | null)?.date,
};

function isStated(
  field: string,
  content: Record<string, unknown>,
  incident: StoredIncident,
): boolean {
  const value = content[field] ?? KNOWN_FIELDS[field]?.(incident);
  return value !== undefined && value !== null && value !== '';
}

function summaryOf(i: StoredIncident): IncidentSummary {
  return {
    id: i.id,
    reference: i.reference,
    reporterOrgId: i.reporterOrgId,
    source: i.source,
    status: i.status as IncidentSummary['status'],
    category: i.category,
    title: i.title,
    tlp: i.tlp as IncidentSummary['tlp'],
    awareAt: i.anchors.aware ?? null,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
  };
}
