import { Type, type Static } from '@sinclair/typebox';
import { ListQuery, Nullable, Timestamp } from './common.js';

export const AuditEntry = Type.Object({
  seq: Type.Integer(),
  at: Timestamp,
  actorUserId: Nullable(Type.String()),
  actorLabel: Type.String(),
  action: Type.String(),
  entityType: Type.String(),
  entityId: Type.String(),
  summary: Type.Record(Type.String(), Type.Unknown()),
  hash: Type.String(),
});
export type AuditEntry = Static<typeof AuditEntry>;

export const AuditListQuery = Type.Object({
  ...ListQuery,
  entityType: Type.Optional(Type.String()),
  entityId: Type.Optional(Type.String()),
  action: Type.Optional(Type.String()),
});
export type AuditListQuery = Static<typeof AuditListQuery>;

export const AuditVerification = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer(),
  firstBrokenSeq: Nullable(Type.Integer()),
  reason: Nullable(Type.String()),
});
export type AuditVerification = Static<typeof AuditVerification>;

export const InboxMessage = Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  userId: Nullable(Type.String()),
  subject: Type.String(),
  body: Type.String(),
  createdAt: Timestamp,
  readAt: Nullable(Timestamp),
});
export type InboxMessage = Static<typeof InboxMessage>;
