import { Type, type Static } from '@sinclair/typebox';
import { ADVISORY_SOURCES, PRODUCT_STATUSES, SEVERITIES } from '../core/advisories/model.js';
import { MATCH_CONFIDENCES } from '../core/advisories/match.js';
import { ASSET_RESPONSES, WARNING_LEVELS, WARNING_STATES } from '../core/warnings/warning.js';
import { Id, ListQuery, Nullable, Timestamp } from './common.js';

const literals = <T extends string>(values: readonly T[]) =>
  Type.Union(values.map((v) => Type.Literal(v)));

export const AdvisorySource = literals(ADVISORY_SOURCES);
export const Severity = literals(SEVERITIES);
export const ProductStatus = literals(PRODUCT_STATUSES);
export const MatchConfidence = literals(MATCH_CONFIDENCES);
export const WarningLevel = literals(WARNING_LEVELS);
export const WarningState = literals(WARNING_STATES);
export const AssetResponse = literals(ASSET_RESPONSES);

export const Advisory = Type.Object({
  id: Id,
  source: AdvisorySource,
  sourceId: Type.String(),
  revision: Type.String(),
  title: Type.String(),
  severity: Nullable(Severity),
  cvss: Nullable(Type.Number()),
  cves: Type.Array(Type.String()),
  publisher: Nullable(Type.String()),
  publishedAt: Nullable(Type.String()),
  sourceUpdatedAt: Nullable(Type.String()),
  kevDueDate: Nullable(Type.String()),
  published: Type.Boolean(),
  matchCount: Type.Integer(),
  orgCount: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Advisory = Static<typeof Advisory>;

export const AffectedProductView = Type.Object({
  ref: Type.String(),
  name: Type.String(),
  vendor: Nullable(Type.String()),
  product: Nullable(Type.String()),
  cpe: Nullable(Type.String()),
  purl: Nullable(Type.String()),
  status: ProductStatus,
  cves: Type.Array(Type.String()),
  versions: Type.String({ description: 'The version criterion as a person reads it' }),
});
export type AffectedProductView = Static<typeof AffectedProductView>;

export const AdvisoryDetail = Type.Intersect([
  Advisory,
  Type.Object({
    summary: Nullable(Type.String()),
    tlp: Nullable(Type.String()),
    products: Type.Array(AffectedProductView),
    remediations: Type.Array(
      Type.Object({
        category: Type.String(),
        text: Type.String(),
        url: Nullable(Type.String()),
        products: Type.Array(Type.String()),
      }),
    ),
    references: Type.Array(Type.Object({ url: Type.String(), summary: Nullable(Type.String()) })),
    kev: Nullable(
      Type.Object({
        dateAdded: Type.String(),
        dueDate: Type.String(),
        requiredAction: Type.String(),
        knownRansomware: Type.Boolean(),
        vulnerabilityName: Type.String(),
      }),
    ),
  }),
]);
export type AdvisoryDetail = Static<typeof AdvisoryDetail>;

export const AdvisoryListQuery = Type.Object({
  ...ListQuery,
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Title, source id or CVE' })),
  source: Type.Optional(AdvisorySource),
  matched: Type.Optional(Type.Boolean({ description: 'Only advisories matching some asset' })),
});
export type AdvisoryListQuery = Static<typeof AdvisoryListQuery>;

export const AdvisoryRevision = Type.Object({
  id: Id,
  revision: Type.String(),
  sha256: Type.String(),
  origin: Type.String(),
  changes: Type.Array(Type.String()),
  importedBy: Type.String(),
  importedAt: Timestamp,
});
export type AdvisoryRevision = Static<typeof AdvisoryRevision>;

export const AdvisoryMatch = Type.Object({
  advisoryId: Id,
  orgId: Id,
  orgNameZh: Type.String(),
  orgNameEn: Type.String(),
  sector: Nullable(Type.String()),
  region: Nullable(Type.String()),
  assetId: Id,
  assetName: Type.String(),
  componentId: Nullable(Type.String()),
  componentName: Nullable(Type.String()),
  version: Nullable(Type.String()),
  productRef: Type.String(),
  status: Type.String(),
  confidence: MatchConfidence,
  reason: Type.String(),
  matchedAt: Timestamp,
});
export type AdvisoryMatch = Static<typeof AdvisoryMatch>;

export const ImportOutcome = Type.Object({
  id: Id,
  source: AdvisorySource,
  sourceId: Type.String(),
  revision: Type.String(),
  outcome: Type.Union([
    Type.Literal('created'),
    Type.Literal('updated'),
    Type.Literal('unchanged'),
    Type.Literal('older'),
  ]),
  matches: Type.Integer(),
});
export const AdvisoryImportResult = Type.Object({
  format: Type.Union([Type.Literal('csaf'), Type.Literal('cve'), Type.Literal('kev')]),
  advisories: Type.Array(ImportOutcome),
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
});
export type AdvisoryImportResult = Static<typeof AdvisoryImportResult>;

const editorProduct = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 300 }),
    vendor: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    product: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    cpe: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
    purl: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
    versions: Type.Optional(
      Nullable(
        Type.String({
          maxLength: 500,
          description:
            'A vers range (`vers:npm/<2.0.0`) or a plain one (`<= 5.8.4`); empty for all',
        }),
      ),
    ),
    status: ProductStatus,
  },
  { additionalProperties: false },
);
export const AdvisoryInput = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 500 }),
    summary: Type.String({ minLength: 1, maxLength: 20000 }),
    severity: Type.Optional(Nullable(Severity)),
    cves: Type.Array(Type.String({ pattern: '^CVE-[0-9]{4}-[0-9]{4,19}$' }), { maxItems: 200 }),
    products: Type.Array(editorProduct, { minItems: 1, maxItems: 1000 }),
    remediations: Type.Array(
      Type.Object(
        {
          category: Type.Union(
            ['vendor_fix', 'mitigation', 'workaround', 'none_available', 'no_fix_planned'].map(
              (c) => Type.Literal(c),
            ),
          ),
          text: Type.String({ minLength: 1, maxLength: 5000 }),
          url: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
        },
        { additionalProperties: false },
      ),
      { maxItems: 100 },
    ),
    references: Type.Array(
      Type.Object(
        {
          url: Type.String({ minLength: 1, maxLength: 2000 }),
          summary: Type.Optional(Nullable(Type.String())),
        },
        { additionalProperties: false },
      ),
      { maxItems: 100 },
    ),
  },
  { additionalProperties: false },
);
export type AdvisoryInput = Static<typeof AdvisoryInput>;

export const SOURCE_KINDS = ['csaf_provider', 'kev'] as const;
const sourceFields = {
  name: Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{0,99}$' }),
  kind: literals(SOURCE_KINDS),
  url: Type.String({
    minLength: 8,
    maxLength: 2000,
    description: 'provider-metadata.json or the KEV JSON',
  }),
  everyMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 10080, default: 60 })),
  allowPrivate: Type.Optional(
    Type.Boolean({ description: 'Admins only: private or loopback addresses' }),
  ),
};
export const AdvisorySourceInput = Type.Object(sourceFields, { additionalProperties: false });
export type AdvisorySourceInput = Static<typeof AdvisorySourceInput>;
export const AdvisorySourceView = Type.Object({
  id: Id,
  name: Type.String(),
  kind: literals(SOURCE_KINDS),
  url: Type.String(),
  everyMinutes: Type.Integer(),
  allowPrivate: Type.Boolean(),
  nextPullAt: Timestamp,
  lastPulledAt: Nullable(Timestamp),
  lastResult: Nullable(
    Type.Object({
      ok: Type.Boolean(),
      fetched: Type.Integer(),
      imported: Type.Integer(),
      failed: Type.Array(Type.Object({ url: Type.String(), reason: Type.String() })),
      error: Nullable(Type.String()),
    }),
  ),
  createdAt: Timestamp,
});
export type AdvisorySourceView = Static<typeof AdvisorySourceView>;
export type PullResult = NonNullable<AdvisorySourceView['lastResult']>;

export const Sbom = Type.Object({
  id: Id,
  orgId: Id,
  assetId: Id,
  format: Type.Union([Type.Literal('cyclonedx'), Type.Literal('spdx')]),
  specVersion: Type.String(),
  name: Nullable(Type.String()),
  fileName: Type.String(),
  componentCount: Type.Integer(),
  uploadedBy: Type.String(),
  uploadedAt: Timestamp,
});
export type Sbom = Static<typeof Sbom>;
export const SbomComponent = Type.Object({
  id: Id,
  name: Type.String(),
  version: Nullable(Type.String()),
  vendor: Nullable(Type.String()),
  purl: Nullable(Type.String()),
  cpe: Nullable(Type.String()),
});
export type SbomComponent = Static<typeof SbomComponent>;

export const Audience = Type.Object(
  {
    matched: Type.Boolean({ description: 'Organisations with assets matching the advisory' }),
    sectors: Type.Array(Type.String(), { maxItems: 50 }),
    regions: Type.Array(Type.String(), { maxItems: 100 }),
    orgIds: Type.Array(Id, { maxItems: 5000 }),
  },
  { additionalProperties: false },
);
export type Audience = Static<typeof Audience>;

const warningFields = {
  advisoryId: Type.Optional(Nullable(Id)),
  level: WarningLevel,
  titleZh: Type.String({ minLength: 1, maxLength: 500 }),
  titleEn: Type.String({ minLength: 1, maxLength: 500 }),
  bodyZh: Type.String({ minLength: 1, maxLength: 20000 }),
  bodyEn: Type.String({ minLength: 1, maxLength: 20000 }),
  measuresZh: Type.String({ minLength: 1, maxLength: 20000 }),
  measuresEn: Type.String({ minLength: 1, maxLength: 20000 }),
  dueAt: Type.Optional(Nullable(Timestamp)),
  audience: Audience,
  public: Type.Optional(Type.Boolean({ default: false })),
};
export const WarningInput = Type.Object(warningFields, { additionalProperties: false });
export type WarningInput = Static<typeof WarningInput>;
export const WarningPatch = Type.Partial(Type.Object(warningFields), {
  additionalProperties: false,
});
export type WarningPatch = Static<typeof WarningPatch>;

export const Warning = Type.Object({
  id: Id,
  advisoryId: Nullable(Id),
  advisoryTitle: Nullable(Type.String()),
  level: WarningLevel,
  state: WarningState,
  issuerOrgId: Id,
  issuerNameZh: Type.String(),
  issuerNameEn: Type.String(),
  titleZh: Type.String(),
  titleEn: Type.String(),
  bodyZh: Type.String(),
  bodyEn: Type.String(),
  measuresZh: Type.String(),
  measuresEn: Type.String(),
  dueAt: Timestamp,
  dueByPolicy: Type.Boolean({
    description: 'The due date follows the level’s policy or the KEV date, counted from issue',
  }),
  audience: Audience,
  public: Type.Boolean(),
  version: Type.Integer(),
  recipientCount: Type.Integer(),
  acknowledgedCount: Type.Integer(),
  remediatedCount: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  issuedAt: Nullable(Timestamp),
  liftedAt: Nullable(Timestamp),
  liftReason: Nullable(Type.String()),
});
export type Warning = Static<typeof Warning>;

export const WarningListQuery = Type.Object({
  ...ListQuery,
  state: Type.Optional(WarningState),
});
export type WarningListQuery = Static<typeof WarningListQuery>;

export const PreviewRecipient = Type.Object({
  orgId: Id,
  nameZh: Type.String(),
  nameEn: Type.String(),
  sector: Nullable(Type.String()),
  region: Nullable(Type.String()),
  reasons: Type.Array(
    Type.String({ description: '`matched`, `sector:X`, `region:X` or `chosen`' }),
  ),
  assetCount: Type.Integer(),
});
export type PreviewRecipient = Static<typeof PreviewRecipient>;
export const WarningPreview = Type.Object({
  recipients: Type.Array(PreviewRecipient),
  total: Type.Integer(),
  dueAt: Timestamp,
  refusal: Nullable(Type.String({ description: 'Why the issuer may not issue this, if so' })),
});
export type WarningPreview = Static<typeof WarningPreview>;

export const WarningRecipient = Type.Intersect([
  PreviewRecipient,
  Type.Object({
    acknowledgedAt: Nullable(Timestamp),
    remediatedAt: Nullable(Timestamp),
    remindedAt: Nullable(Timestamp),
    escalatedAt: Nullable(Timestamp),
    responded: Type.Integer(),
    overdue: Type.Boolean(),
  }),
]);
export type WarningRecipient = Static<typeof WarningRecipient>;

export const RecipientAsset = Type.Object({
  assetId: Id,
  assetName: Type.String(),
  componentName: Nullable(Type.String()),
  version: Nullable(Type.String()),
  confidence: MatchConfidence,
  reason: Type.String(),
  response: Nullable(AssetResponse),
  responseReason: Nullable(Type.String()),
  respondedAt: Nullable(Timestamp),
});
export type RecipientAsset = Static<typeof RecipientAsset>;
export const WarningRecipientView = Type.Object({
  warning: Warning,
  orgId: Id,
  acknowledgedAt: Nullable(Timestamp),
  remediatedAt: Nullable(Timestamp),
  assets: Type.Array(RecipientAsset),
});
export type WarningRecipientView = Static<typeof WarningRecipientView>;

export const RecipientQuery = Type.Object({ orgId: Type.Optional(Id) });
export const AssetResponsesInput = Type.Object(
  {
    orgId: Type.Optional(Id),
    responses: Type.Array(
      Type.Object(
        {
          assetId: Id,
          response: AssetResponse,
          reason: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 1000 },
    ),
  },
  { additionalProperties: false },
);
export type AssetResponsesInput = Static<typeof AssetResponsesInput>;
export const LiftInput = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);

const coverageRow = Type.Object({
  key: Type.String(),
  total: Type.Integer(),
  acknowledged: Type.Integer(),
  remediated: Type.Integer(),
  overdue: Type.Integer(),
});
export const Coverage = Type.Object({
  total: Type.Integer(),
  acknowledged: Type.Integer(),
  remediated: Type.Integer(),
  overdue: Type.Integer(),
  bySector: Type.Array(coverageRow),
  byRegion: Type.Array(coverageRow),
  timeline: Type.Array(
    Type.Object({ day: Type.String(), acknowledged: Type.Integer(), remediated: Type.Integer() }),
  ),
});
export type Coverage = Static<typeof Coverage>;

export const Bulletin = Type.Object({
  id: Id,
  level: WarningLevel,
  state: WarningState,
  titleZh: Type.String(),
  titleEn: Type.String(),
  bodyZh: Type.String(),
  bodyEn: Type.String(),
  measuresZh: Type.String(),
  measuresEn: Type.String(),
  issuerNameZh: Type.String(),
  issuerNameEn: Type.String(),
  cves: Type.Array(Type.String()),
  issuedAt: Timestamp,
  updatedAt: Timestamp,
  liftedAt: Nullable(Timestamp),
});
export type Bulletin = Static<typeof Bulletin>;

export const OverdueRecipient = Type.Object({
  warningId: Id,
  level: WarningLevel,
  titleZh: Type.String(),
  titleEn: Type.String(),
  dueAt: Timestamp,
  orgId: Id,
  nameZh: Type.String(),
  nameEn: Type.String(),
  sector: Nullable(Type.String()),
  region: Nullable(Type.String()),
  acknowledgedAt: Nullable(Timestamp),
  remindedAt: Nullable(Timestamp),
  escalatedAt: Nullable(Timestamp),
});
export type OverdueRecipient = Static<typeof OverdueRecipient>;
