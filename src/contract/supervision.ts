import { Type, type Static } from '@sinclair/typebox';
import { Nullable, Timestamp } from './common.js';

export const SUPERVISION_GROUPS = ['sector', 'region', 'operator', 'parent'] as const;

export const SupervisionQuery = Type.Object({
  groupBy: Type.Optional(
    Type.Union(
      SUPERVISION_GROUPS.map((g) => Type.Literal(g)),
      {
        default: 'sector',
        description: '`parent`: the supervising organisation above the reporter',
      },
    ),
  ),
  pack: Type.Optional(Type.String()),
  from: Type.Optional(Timestamp),
  to: Type.Optional(Timestamp),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
});
export type SupervisionQuery = Static<typeof SupervisionQuery>;

export const SupervisionRow = Type.Object({
  key: Nullable(Type.String()),
  /** Reports still due (pending), missed (overdue), made late, made in time. */
  pending: Type.Integer(),
  overdue: Type.Integer(),
  late: Type.Integer(),
  onTime: Type.Integer(),
  /** Share of settled deadlines met in time; null when none is settled yet. */
  onTimeRate: Nullable(Type.Number()),
  incidents: Type.Integer(),
  /** Median minutes from awareness to the first report. */
  medianMinutesToFirstReport: Nullable(Type.Number()),
});
export type SupervisionRow = Static<typeof SupervisionRow>;

export const OverdueClock = Type.Object({
  clockId: Type.String(),
  incidentId: Type.String(),
  reference: Type.String(),
  reporterOrgId: Type.String(),
  reporterName: Type.String(),
  reporterNameEn: Type.String(),
  pack: Type.String(),
  kind: Type.String(),
  ref: Type.String(),
  dueAt: Timestamp,
  minutesLate: Type.Integer(),
});
export type OverdueClock = Static<typeof OverdueClock>;

export const TimelineQuery = Type.Object({
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, default: 30 })),
});
export const TimelinePoint = Type.Object({
  day: Type.String({ description: 'YYYY-MM-DD (UTC) the deadlines fell due' }),
  onTime: Type.Integer(),
  late: Type.Integer(),
  overdue: Type.Integer(),
});
export type TimelinePoint = Static<typeof TimelinePoint>;
