import { Type, type Static } from '@sinclair/typebox';
import { FEED_FORMATS } from '../core/feeds/event.js';
import { FINDING_RESPONSES, FINDING_STATES } from '../core/feeds/finding.js';
import { Id, ListQuery, Nullable, Timestamp } from './common.js';

export const FeedFormat = Type.Union(FEED_FORMATS.map((f) => Type.Literal(f)));

const feedFields = {
  name: Type.String({
    pattern: '^[a-z0-9][a-z0-9._-]{0,99}$',
    description: 'e.g. shadowserver-scan_dns',
  }),
  format: FeedFormat,
  report: Type.Optional(
    Nullable(
      Type.String({
        maxLength: 100,
        description: 'Shadowserver report type; detected from the file name when absent',
      }),
    ),
  ),
  mapping: Type.Optional(
    Nullable(
      Type.Record(Type.String(), Type.Unknown(), {
        description: 'Column mapping of a generic CSV feed',
      }),
    ),
  ),
  windowHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 8760, default: 24 })),
  resendAfterDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, default: 3 })),
  escalateAfterDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, default: 7 })),
  pullUrl: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  pullEveryMinutes: Type.Optional(Nullable(Type.Integer({ minimum: 5, maximum: 10080 }))),
  allowPrivate: Type.Optional(
    Type.Boolean({ description: 'Admins only: allow pulls from private or loopback addresses' }),
  ),
};
export const FeedInput = Type.Object(feedFields, { additionalProperties: false });
export type FeedInput = Static<typeof FeedInput>;
export const FeedPatch = Type.Partial(Type.Object(feedFields), { additionalProperties: false });
export type FeedPatch = Static<typeof FeedPatch>;

export const Feed = Type.Object({
  id: Id,
  name: Type.String(),
  format: FeedFormat,
  report: Nullable(Type.String()),
  mapping: Nullable(Type.Record(Type.String(), Type.Unknown())),
  windowHours: Type.Integer(),
  resendAfterDays: Type.Integer(),
  escalateAfterDays: Type.Integer(),
  pullUrl: Nullable(Type.String()),
  pullEveryMinutes: Nullable(Type.Integer()),
  allowPrivate: Type.Boolean(),
  nextPullAt: Nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Feed = Static<typeof Feed>;

export const RunCounts = Type.Object({
  read: Type.Integer({ description: 'Records read' }),
  parsed: Type.Integer(),
  rejected: Type.Integer(),
  matched: Type.Integer({ description: 'Events tied to an organisation' }),
  unmatched: Type.Integer(),
  duplicates: Type.Integer({ description: 'Events that joined an existing finding' }),
  notified: Type.Integer({
    description:
      'Organisations with a new or reopened finding from this run: their digest is scheduled',
  }),
});
export type RunCounts = Static<typeof RunCounts>;

export const FeedRun = Type.Object({
  id: Id,
  feedId: Id,
  feedName: Type.String(),
  origin: Type.Union([
    Type.Literal('file'),
    Type.Literal('upload'),
    Type.Literal('watch'),
    Type.Literal('pull'),
  ]),
  fileName: Type.String(),
  sha256: Type.String(),
  status: Type.Union([Type.Literal('running'), Type.Literal('completed'), Type.Literal('failed')]),
  checkpoint: Type.Integer({ description: 'The last record committed' }),
  counts: RunCounts,
  error: Nullable(Type.String()),
  startedBy: Type.String(),
  startedAt: Timestamp,
  finishedAt: Nullable(Timestamp),
});
export type FeedRun = Static<typeof FeedRun>;

export const FeedReject = Type.Object({
  line: Type.Integer(),
  reason: Type.String(),
  raw: Type.String(),
});
export type FeedReject = Static<typeof FeedReject>;

export const FeedRunDetail = Type.Composite([
  FeedRun,
  Type.Object({
    rejects: Type.Array(FeedReject, { description: 'The first 1,000 refused records' }),
  }),
]);
export type FeedRunDetail = Static<typeof FeedRunDetail>;

export const IngestQuery = Type.Object({
  feed: Type.String({ description: 'Feed name; created on first use with the given format' }),
  format: Type.Optional(FeedFormat),
  report: Type.Optional(Type.String()),
  fileName: Type.Optional(Type.String({ maxLength: 300 })),
});
export type IngestQuery = Static<typeof IngestQuery>;

export const FindingStateSchema = Type.Union(FINDING_STATES.map((s) => Type.Literal(s)));

export const Finding = Type.Object({
  id: Type.Integer(),
  feedId: Id,
  feedName: Type.String(),
  orgId: Nullable(Id),
  orgNameZh: Nullable(Type.String()),
  orgNameEn: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  port: Nullable(Type.Integer()),
  identifier: Type.String(),
  rsit: Type.String(),
  gbt: Type.String(),
  severity: Type.String(),
  asn: Nullable(Type.Integer()),
  hostname: Nullable(Type.String()),
  url: Nullable(Type.String()),
  detail: Nullable(Type.String()),
  raw: Type.String(),
  firstSeen: Timestamp,
  lastSeen: Timestamp,
  count: Type.Integer(),
  state: FindingStateSchema,
  stateAt: Timestamp,
  notifiedAt: Nullable(Timestamp),
  acknowledgedAt: Nullable(Timestamp),
  fixedAt: Nullable(Timestamp),
  verifiedAt: Nullable(Timestamp),
  reminders: Type.Integer(),
  escalatedAt: Nullable(Timestamp),
  note: Nullable(Type.String()),
});
export type Finding = Static<typeof Finding>;

export const FindingListQuery = Type.Object({
  ...ListQuery,
  feedId: Type.Optional(Id),
  identifier: Type.Optional(Type.String()),
  orgId: Type.Optional(Id),
  sector: Type.Optional(Type.String()),
  region: Type.Optional(Type.String()),
  state: Type.Optional(FindingStateSchema),
  unmatched: Type.Optional(Type.Boolean({ description: 'Only findings no organisation owns yet' })),
});
export type FindingListQuery = Static<typeof FindingListQuery>;

export const FindingResponseInput = Type.Object(
  {
    response: Type.Union(FINDING_RESPONSES.map((r) => Type.Literal(r))),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type FindingResponseInput = Static<typeof FindingResponseInput>;

export const FindingAssignInput = Type.Object(
  {
    orgId: Id,
    addNetwork: Type.Optional(
      Type.String({
        description: 'A CIDR, ASN or domain to add to the organisation, so later events match it',
      }),
    ),
  },
  { additionalProperties: false },
);
export type FindingAssignInput = Static<typeof FindingAssignInput>;

export const FindingIdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export const METRIC_GROUPS = ['organisation', 'sector', 'region'] as const;
export const FindingMetricsQuery = Type.Object({
  groupBy: Type.Optional(
    Type.Union(
      METRIC_GROUPS.map((g) => Type.Literal(g)),
      { default: 'sector' },
    ),
  ),
  orgId: Type.Optional(Id),
  feedId: Type.Optional(Id),
});
export type FindingMetricsQuery = Static<typeof FindingMetricsQuery>;

export const FindingMetricsRow = Type.Object({
  key: Nullable(Type.String()),
  total: Type.Integer(),
  open: Type.Integer({ description: 'Waiting on the recipient or acknowledged, not yet fixed' }),
  fixed: Type.Integer({ description: 'Fix claimed, not yet verified' }),
  verifiedFixed: Type.Integer(),
  closed: Type.Integer({ description: 'False positive or not ours' }),
  meanHoursToAcknowledge: Nullable(Type.Number()),
  meanHoursToFix: Nullable(Type.Number()),
  verifiedShare: Nullable(
    Type.Number({ description: 'Verified fixed among findings claimed fixed' }),
  ),
});
export type FindingMetricsRow = Static<typeof FindingMetricsRow>;

export const Digest = Type.Object({
  id: Id,
  orgId: Id,
  kind: Type.Union([Type.Literal('digest'), Type.Literal('reminder')]),
  state: Type.Union([Type.Literal('scheduled'), Type.Literal('sent')]),
  dueAt: Timestamp,
  createdAt: Timestamp,
  sentAt: Nullable(Timestamp),
  findingCount: Type.Integer(),
  reopenedCount: Type.Integer(),
  expiresAt: Nullable(Timestamp),
});
export type Digest = Static<typeof Digest>;

export const RecipientTokenParams = Type.Object({
  token: Type.String({ minLength: 20, maxLength: 100 }),
});

/** What the personal link shows: the organisation's findings still open, without a login. */
export const RecipientView = Type.Object({
  organisation: Type.Object({ nameZh: Type.String(), nameEn: Type.String() }),
  language: Type.String(),
  expiresAt: Timestamp,
  findings: Type.Array(Finding),
});
export type RecipientView = Static<typeof RecipientView>;
