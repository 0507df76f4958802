import { Type, type Static } from '@sinclair/typebox';
import {
  ASSET_KINDS,
  AUTHORITY_FUNCTION_CODES,
  CHANNELS,
  CONTACT_ROLES,
  LANGUAGES,
  ORG_KINDS,
  SECTOR_CODES,
} from '../core/registry/vocabulary.js';
import { Id, ListQuery, Nullable, Timestamp } from './common.js';

export const Language = Type.Union(LANGUAGES.map((l) => Type.Literal(l)));
export const OrgKind = Type.Union(ORG_KINDS.map((k) => Type.Literal(k)));
export const SectorCode = Type.Union(SECTOR_CODES.map((s) => Type.Literal(s)));
export const AuthorityFunction = Type.Union(AUTHORITY_FUNCTION_CODES.map((f) => Type.Literal(f)));
export const ContactRole = Type.Union(CONTACT_ROLES.map((r) => Type.Literal(r)));
export const ChannelCode = Type.Union(CHANNELS.map((c) => Type.Literal(c)));
export const AssetKind = Type.Union(ASSET_KINDS.map((k) => Type.Literal(k)));

export const CiiDesignation = Type.Object({
  designated: Type.Boolean(),
  department: Nullable(Type.String({ maxLength: 200 })),
  date: Nullable(Type.String({ format: 'date' })),
  legalBasis: Nullable(Type.String({ maxLength: 500 })),
});
export type CiiDesignation = Static<typeof CiiDesignation>;

export const Remit = Type.Object({
  sectors: Type.Array(SectorCode, { description: 'Empty means every sector' }),
  regions: Type.Array(Type.String(), { description: 'Empty means every region' }),
  functions: Type.Array(AuthorityFunction, { minItems: 1 }),
});
export type Remit = Static<typeof Remit>;

const orgFields = {
  externalId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
  kind: OrgKind,
  parentId: Type.Optional(Nullable(Id)),
  nameZh: Type.String({ minLength: 1, maxLength: 300 }),
  nameEn: Type.String({ minLength: 1, maxLength: 300 }),
  sector: Type.Optional(Nullable(SectorCode)),
  region: Type.Optional(Nullable(Type.String({ maxLength: 10 }))),
  country: Type.String({ pattern: '^[A-Z]{2}$' }),
  cii: Type.Optional(CiiDesignation),
  remit: Type.Optional(Nullable(Remit)),
  timezone: Type.Optional(Type.String({ maxLength: 64 })),
  language: Type.Optional(Language),
  externalIds: Type.Optional(Type.Record(Type.String(), Type.String())),
};
export const OrganisationInput = Type.Object(orgFields, { additionalProperties: false });
export type OrganisationInput = Static<typeof OrganisationInput>;
export const OrganisationPatch = Type.Partial(Type.Object(orgFields), {
  additionalProperties: false,
});
export type OrganisationPatch = Static<typeof OrganisationPatch>;

export const Organisation = Type.Object({
  id: Id,
  externalId: Nullable(Type.String()),
  kind: OrgKind,
  parentId: Nullable(Id),
  nameZh: Type.String(),
  nameEn: Type.String(),
  sector: Nullable(SectorCode),
  region: Nullable(Type.String()),
  country: Type.String(),
  cii: CiiDesignation,
  remit: Nullable(Remit),
  timezone: Type.String(),
  language: Language,
  externalIds: Type.Record(Type.String(), Type.String()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Organisation = Static<typeof Organisation>;

export const OrganisationListQuery = Type.Object({
  ...ListQuery,
  q: Type.Optional(Type.String({ description: 'Matches names and external id' })),
  kind: Type.Optional(OrgKind),
  sector: Type.Optional(SectorCode),
  region: Type.Optional(Type.String()),
  cii: Type.Optional(Type.Boolean()),
  parentId: Type.Optional(Id),
  sort: Type.Optional(
    Type.Union([
      Type.Literal('name'),
      Type.Literal('-name'),
      Type.Literal('created'),
      Type.Literal('-created'),
    ]),
  ),
});
export type OrganisationListQuery = Static<typeof OrganisationListQuery>;

export const NotificationPreferences = Type.Object({
  channels: Type.Array(ChannelCode),
  digest: Type.Union([Type.Literal('immediate'), Type.Literal('daily')]),
  digestHour: Type.Integer({ minimum: 0, maximum: 23 }),
});
export type NotificationPreferences = Static<typeof NotificationPreferences>;

const contactFields = {
  externalId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  email: Type.String({ format: 'email', maxLength: 320 }),
  phone: Type.Optional(Nullable(Type.String({ pattern: '^\\+?[0-9 ()-]{5,30}$' }))),
  role: ContactRole,
  language: Type.Optional(Language),
  pgpKey: Type.Optional(Nullable(Type.String({ maxLength: 100_000 }))),
  preferences: Type.Optional(NotificationPreferences),
};
export const ContactInput = Type.Object(contactFields, { additionalProperties: false });
export type ContactInput = Static<typeof ContactInput>;
export const ContactPatch = Type.Partial(Type.Object(contactFields), {
  additionalProperties: false,
});
export type ContactPatch = Static<typeof ContactPatch>;
export const Contact = Type.Object({
  id: Id,
  orgId: Id,
  externalId: Nullable(Type.String()),
  name: Type.String(),
  email: Type.String(),
  phone: Nullable(Type.String()),
  role: ContactRole,
  language: Language,
  pgpKey: Nullable(Type.String()),
  preferences: NotificationPreferences,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Contact = Static<typeof Contact>;

export const NetworkType = Type.Union([
  Type.Literal('cidr'),
  Type.Literal('asn'),
  Type.Literal('domain'),
]);
export type NetworkType = Static<typeof NetworkType>;
export const NetworkInput = Type.Object(
  {
    value: Type.String({
      minLength: 1,
      maxLength: 260,
      description: 'A CIDR block (IPv4 or IPv6), an ASN (AS4134 or 4134) or a domain',
    }),
    note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false },
);
export type NetworkInput = Static<typeof NetworkInput>;
export const Network = Type.Object({
  id: Id,
  orgId: Id,
  type: NetworkType,
  value: Type.String({ description: 'Canonical form' }),
  source: Type.String({ description: '`manual` or `import:NAME`' }),
  note: Nullable(Type.String()),
  createdAt: Timestamp,
});
export type Network = Static<typeof Network>;

const assetFields = {
  externalId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
  kind: AssetKind,
  name: Type.String({ minLength: 1, maxLength: 300 }),
  vendor: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  product: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  version: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  cpe: Type.Optional(Nullable(Type.String({ pattern: '^cpe:2\\.3:[aho*-]:', maxLength: 1000 }))),
  purl: Type.Optional(
    Nullable(Type.String({ pattern: '^pkg:[a-zA-Z.+-][a-zA-Z0-9.+-]*/', maxLength: 1000 })),
  ),
  mlpsLevel: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 5 }))),
  cii: Type.Optional(Type.Boolean()),
  internetFacing: Type.Optional(Type.Boolean()),
};
export const AssetInput = Type.Object(assetFields, { additionalProperties: false });
export type AssetInput = Static<typeof AssetInput>;
export const AssetPatch = Type.Partial(Type.Object(assetFields), { additionalProperties: false });
export type AssetPatch = Static<typeof AssetPatch>;
export const Asset = Type.Object({
  id: Id,
  orgId: Id,
  externalId: Nullable(Type.String()),
  kind: AssetKind,
  name: Type.String(),
  vendor: Nullable(Type.String()),
  product: Nullable(Type.String()),
  version: Nullable(Type.String()),
  cpe: Nullable(Type.String()),
  purl: Nullable(Type.String()),
  mlpsLevel: Nullable(Type.Integer()),
  cii: Type.Boolean(),
  internetFacing: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Asset = Static<typeof Asset>;

export const OrganisationSummary = Type.Pick(Organisation, [
  'id',
  'kind',
  'nameZh',
  'nameEn',
  'sector',
  'region',
  'cii',
]);
export type OrganisationSummary = Static<typeof OrganisationSummary>;

export const LookupQuery = Type.Object({ q: Type.String({ minLength: 1, maxLength: 260 }) });
export const LookupResult = Type.Object({
  query: Type.String(),
  type: Type.Union([Type.Literal('ip'), Type.Literal('asn'), Type.Literal('domain')]),
  match: Nullable(Type.Object({ organisation: OrganisationSummary, network: Network })),
});
export type LookupResult = Static<typeof LookupResult>;

export const IMPORT_KINDS = ['orgs', 'contacts', 'networks', 'assets'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const ImportKindParam = Type.Object({
  kind: Type.Union(IMPORT_KINDS.map((k) => Type.Literal(k))),
});
export const ImportQuery = Type.Object({
  format: Type.Union([Type.Literal('csv'), Type.Literal('json')]),
  dryRun: Type.Optional(Type.Boolean({ default: false })),
  partial: Type.Optional(
    Type.Boolean({ default: false, description: 'Commit the good rows even when some are bad' }),
  ),
  source: Type.Optional(
    Type.String({
      pattern: '^[a-z0-9][a-z0-9._-]{0,62}$',
      description: 'Import name recorded on networks',
    }),
  ),
});
export type ImportQuery = Static<typeof ImportQuery>;
export const RowError = Type.Object({
  row: Type.Integer(),
  field: Type.String(),
  reason: Type.String(),
});
export type RowError = Static<typeof RowError>;
export const ImportReport = Type.Object({
  kind: Type.Union(IMPORT_KINDS.map((k) => Type.Literal(k))),
  total: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  rejected: Type.Integer(),
  committed: Type.Boolean({
    description: 'False on a dry run, or when errors stopped an all-or-nothing import',
  }),
  errors: Type.Array(RowError),
});
export type ImportReport = Static<typeof ImportReport>;

export const ExportQuery = Type.Object({
  format: Type.Union([Type.Literal('csv'), Type.Literal('json')]),
});

export const WebhookInput = Type.Object(
  {
    url: Type.String({
      pattern: '^https?://',
      maxLength: 2000,
      description: 'Receives notices as signed JSON POSTs',
    }),
    allowPrivate: Type.Optional(
      Type.Boolean({
        description: 'Allow a private or loopback address (an on-premises receiver)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type WebhookInput = Static<typeof WebhookInput>;
export const Webhook = Type.Object({
  id: Id,
  orgId: Id,
  url: Type.String(),
  allowPrivate: Type.Boolean(),
  createdAt: Timestamp,
});
export type Webhook = Static<typeof Webhook>;
export const CreatedWebhook = Type.Object({
  webhook: Webhook,
  secret: Type.String({
    description:
      'Shown once: verify X-Fenghuo-Signature (HMAC-SHA256 of "<timestamp>.<body>") with it',
  }),
});
export type CreatedWebhook = Static<typeof CreatedWebhook>;
