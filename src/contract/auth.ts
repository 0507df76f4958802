import { Type, type Static } from '@sinclair/typebox';
import { USER_ROLES } from '../core/registry/vocabulary.js';
import { Id, ListQuery, Nullable, Timestamp } from './common.js';
import { Language } from './registry.js';

export const UserRole = Type.Union(USER_ROLES.map((r) => Type.Literal(r)));

export const User = Type.Object({
  id: Id,
  orgId: Id,
  username: Type.String(),
  displayName: Type.String(),
  email: Nullable(Type.String()),
  role: UserRole,
  language: Language,
  disabled: Type.Boolean(),
  createdAt: Timestamp,
  lastLoginAt: Nullable(Timestamp),
});
export type User = Static<typeof User>;

export const UserInput = Type.Object(
  {
    orgId: Id,
    username: Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{1,62}$' }),
    displayName: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.Optional(Nullable(Type.String({ format: 'email' }))),
    role: UserRole,
    language: Type.Optional(Language),
    password: Type.String({ minLength: 12, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type UserInput = Static<typeof UserInput>;

export const UserPatch = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    email: Type.Optional(Nullable(Type.String({ format: 'email' }))),
    role: Type.Optional(UserRole),
    language: Type.Optional(Language),
    disabled: Type.Optional(Type.Boolean()),
    password: Type.Optional(Type.String({ minLength: 12, maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type UserPatch = Static<typeof UserPatch>;

export const UserListQuery = Type.Object({ ...ListQuery, orgId: Type.Optional(Id) });

export const LoginInput = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 200 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type LoginInput = Static<typeof LoginInput>;

export const SessionInfo = Type.Object({
  user: User,
  organisation: Type.Object({
    id: Id,
    nameZh: Type.String(),
    nameEn: Type.String(),
    kind: Type.String(),
  }),
  csrfToken: Type.String({ description: 'Send as the X-CSRF-Token header on every change' }),
  expiresAt: Timestamp,
});
export type SessionInfo = Static<typeof SessionInfo>;

export const TOKEN_SCOPES = ['read', 'write', 'admin'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
export const TokenScopeSchema = Type.Union(TOKEN_SCOPES.map((s) => Type.Literal(s)));

export const ApiToken = Type.Object({
  id: Id,
  userId: Id,
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters, to recognise a token' }),
  scopes: Type.Array(TokenScopeSchema),
  expiresAt: Nullable(Timestamp),
  revokedAt: Nullable(Timestamp),
  lastUsedAt: Nullable(Timestamp),
  createdAt: Timestamp,
});
export type ApiToken = Static<typeof ApiToken>;

export const TokenInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    scopes: Type.Array(TokenScopeSchema, { minItems: 1, uniqueItems: true }),
    expiresInDays: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 3650 }))),
    userId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type TokenInput = Static<typeof TokenInput>;

export const CreatedToken = Type.Object({
  token: ApiToken,
  secret: Type.String({ description: 'Shown once; send as Authorization: Bearer' }),
});
export type CreatedToken = Static<typeof CreatedToken>;
