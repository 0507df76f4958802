import { Type, type Static } from '@sinclair/typebox';
import type { Clock } from '../core/reporting/clocks.js';
import type { Receipt } from '../core/reporting/receipt.js';
import type { Evaluation } from '../core/rules/evaluate.js';
import { Id, ListQuery, Nullable, Timestamp } from './common.js';

/** TLP 2.0 (FIRST). */
export const TLP_LEVELS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export const Tlp = Type.Union(TLP_LEVELS.map((t) => Type.Literal(t)));

export const INCIDENT_STATUSES = [
  'reported',
  'under_assessment',
  'responding',
  'contained',
  'closed',
] as const;
export const IncidentStatus = Type.Union(INCIDENT_STATUSES.map((s) => Type.Literal(s)));

/** The moments a deadline can run from, as the reporter states them. */
export const IncidentTimes = {
  occurredAt: Type.Optional(Timestamp),
  detectedAt: Type.Optional(Timestamp),
  awareAt: Timestamp,
  containedAt: Type.Optional(Timestamp),
  handlingEndedAt: Type.Optional(Timestamp),
  classifiedAt: Type.Optional(Timestamp),
  materialityDecidedAt: Type.Optional(Timestamp),
  fixAvailableAt: Type.Optional(Timestamp),
  ransomPaidAt: Type.Optional(Timestamp),
};

export const Narrative = Type.Object(
  {
    measuresTaken: Type.Optional(Type.String({ maxLength: 20000 })),
    trend: Type.Optional(Type.String({ maxLength: 20000 })),
    preliminaryCause: Type.Optional(Type.String({ maxLength: 20000 })),
    attackerLeads: Type.Optional(Type.String({ maxLength: 20000 })),
    supportRequested: Type.Optional(Type.String({ maxLength: 20000 })),
  },
  { additionalProperties: false },
);

export const Ransom = Type.Object(
  {
    amount: Type.Optional(Type.String({ maxLength: 100 })),
    method: Type.Optional(Type.String({ maxLength: 500 })),
    date: Type.Optional(Type.String({ format: 'date' })),
  },
  { additionalProperties: false },
);

export const IncidentInput = Type.Object(
  {
    reporterOrgId: Type.Optional(Id),
    title: Type.String({ minLength: 1, maxLength: 300 }),
    summary: Type.String({ minLength: 1, maxLength: 20000 }),
    category: Type.String({
      pattern: '^[0-9]{5}$',
      description: 'GB/T 20986-2023 subcategory code, e.g. 01007 (ransomware)',
    }),
    tlp: Type.Optional(Tlp),
    location: Type.Optional(Type.String({ maxLength: 500 })),
    ...IncidentTimes,
    facts: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        description: 'incident.* and impact.* facts (see GET /api/v1/rule-packs)',
      }),
    ),
    affectedAssetIds: Type.Optional(Type.Array(Id, { maxItems: 500 })),
    narrative: Type.Optional(Narrative),
    ransom: Type.Optional(Ransom),
  },
  { additionalProperties: false },
);
export type IncidentInput = Static<typeof IncidentInput>;

export const SubmissionInput = Type.Object(
  {
    pack: Type.String(),
    stage: Type.String(),
    content: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    /** New facts or times learnt since: the incident is re-graded and its clocks follow. */
    facts: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    times: Type.Optional(Type.Partial(Type.Object(IncidentTimes))),
  },
  { additionalProperties: false },
);
export type SubmissionInput = Static<typeof SubmissionInput>;

export const GradeOverrideInput = Type.Object(
  {
    pack: Type.String(),
    grade: Type.String(),
    reason: Type.String({ minLength: 10, maxLength: 5000 }),
  },
  { additionalProperties: false },
);
export type GradeOverrideInput = Static<typeof GradeOverrideInput>;

export const WaiveInput = Type.Object(
  { reason: Type.String({ minLength: 10, maxLength: 5000 }) },
  { additionalProperties: false },
);

export const IncidentListQuery = Type.Object({
  ...ListQuery,
  status: Type.Optional(IncidentStatus),
  reporterOrgId: Type.Optional(Id),
  category: Type.Optional(Type.String()),
});
export type IncidentListQuery = Static<typeof IncidentListQuery>;

const Loose = <T>(description: string) =>
  Type.Unsafe<T>({ type: 'object', additionalProperties: true, description });

export const IncidentSummary = Type.Object({
  id: Id,
  reference: Type.String({ description: 'e.g. FH-2026-000123' }),
  reporterOrgId: Id,
  source: Type.String(),
  status: IncidentStatus,
  category: Type.String(),
  title: Type.String(),
  tlp: Tlp,
  awareAt: Nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type IncidentSummary = Static<typeof IncidentSummary>;

export const Attachment = Type.Object({
  id: Id,
  filename: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  uploadedBy: Type.String(),
  uploadedAt: Timestamp,
});
export type Attachment = Static<typeof Attachment>;
export const AttachmentQuery = Type.Object({
  filename: Type.String({ minLength: 1, maxLength: 255, pattern: '^[^/\\\\]+$' }),
});

export const IncidentDetail = Type.Composite([
  IncidentSummary,
  Type.Object({
    summary: Type.String(),
    facts: Type.Record(Type.String(), Type.Unknown()),
    anchors: Type.Record(Type.String(), Type.String()),
    details: Type.Record(Type.String(), Type.Unknown()),
    gradeOverrides: Type.Record(Type.String(), Type.Unknown()),
    evaluations: Type.Array(
      Loose<Evaluation>('What each rule pack says: core/rules/evaluate.ts Evaluation'),
    ),
    clocks: Type.Array(Loose<Clock & { id: string }>('A deadline: core/reporting/clocks.ts Clock')),
    attachments: Type.Array(Attachment),
    rsit: Nullable(
      Type.Object(
        { classification: Type.String(), type: Type.String() },
        { description: 'The category in the Reference Security Incident Taxonomy' },
      ),
    ),
    submissions: Type.Array(
      Type.Object({
        id: Id,
        pack: Type.String(),
        stage: Type.String(),
        version: Type.Integer(),
        submittedAt: Timestamp,
        submittedBy: Nullable(Type.String()),
        content: Type.Record(Type.String(), Type.Unknown()),
        receipt: Loose<Receipt>('Signed receipt'),
      }),
    ),
  }),
]);
export type IncidentDetail = Static<typeof IncidentDetail>;

export const ReceiptSchema = Loose<Receipt>(
  'reference, incidentId, pack, stage, version, receivedAt, auditHash, keyId, signature (Ed25519, base64)',
);
export const ReceiptVerification = Type.Object({
  valid: Type.Boolean(),
  keyId: Type.String(),
  reason: Nullable(Type.String()),
});
export const Submitted = Type.Object({
  incident: IncidentDetail,
  receipts: Type.Array(ReceiptSchema),
});
export type Submitted = Static<typeof Submitted>;

/** A report from the public, with no account: what it concerns, what happened, and how to reach the reporter. */
export const PublicIncidentInput = Type.Object(
  {
    concerns: Type.String({
      minLength: 1,
      maxLength: 300,
      description:
        'The affected organisation: an IP address, domain or AS number if known, else its name',
    }),
    title: Type.String({ minLength: 1, maxLength: 300 }),
    summary: Type.String({ minLength: 1, maxLength: 20000 }),
    category: Type.String({ pattern: '^[0-9]{5}$' }),
    awareAt: Type.Optional(Timestamp),
    contactEmail: Type.Optional(Type.String({ format: 'email', maxLength: 320 })),
  },
  { additionalProperties: false },
);
export type PublicIncidentInput = Static<typeof PublicIncidentInput>;
export const PublicReceipt = Type.Object({ reference: Type.String(), receipt: ReceiptSchema });

export const StatusInput = Type.Object(
  { status: IncidentStatus, note: Type.Optional(Type.String({ maxLength: 5000 })) },
  { additionalProperties: false },
);
export type StatusInput = Static<typeof StatusInput>;
