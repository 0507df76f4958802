import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import type { Registry } from 'prom-client';
import {
  AUTHORITY_FUNCTIONS,
  CN_REGIONS,
  CONTACT_ROLES,
  ORG_KINDS,
  SECTORS,
  USER_ROLES,
} from '../../core/registry/vocabulary.js';
import type { Services } from '../../services/index.js';

const Labelled = Type.Array(
  Type.Object({
    code: Type.String(),
    label: Type.Object({ 'zh-CN': Type.String(), en: Type.String() }),
  }),
);
const Reference = Type.Object({
  sectors: Labelled,
  regions: Labelled,
  authorityFunctions: Labelled,
  kinds: Type.Array(Type.String()),
  contactRoles: Type.Array(Type.String()),
  roles: Type.Array(Type.String()),
});
const labelled = (table: Record<string, { 'zh-CN': string; en: string }>) =>
  Object.entries(table).map(([code, label]) => ({ code, label }));

export const metaRoutes: FastifyPluginAsyncTypebox<{
  services: Services;
  metrics: Registry;
}> = async (app, { services, metrics }) => {
  app.get(
    '/api/v1/reference',
    {
      schema: {
        tags: ['meta'],
        summary: 'The registry vocabularies with labels',
        response: { 200: Reference },
      },
      config: { public: true },
    },
    () => ({
      sectors: labelled(SECTORS),
      regions: labelled(CN_REGIONS),
      authorityFunctions: labelled(AUTHORITY_FUNCTIONS),
      kinds: [...ORG_KINDS],
      contactRoles: [...CONTACT_ROLES],
      roles: [...USER_ROLES],
    }),
  );

  app.get('/healthz', { schema: { hide: true }, config: { public: true } }, () => ({
    status: 'ok',
  }));

  app.get('/readyz', { schema: { hide: true }, config: { public: true } }, async (_req, reply) => {
    try {
      await sql`select 1`.execute(services.database.db);
      return { status: 'ready', database: services.database.dialect };
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: services.database.dialect });
    }
  });

  app.get('/metrics', { schema: { hide: true }, config: { public: true } }, async (_req, reply) =>
    reply.type(metrics.contentType).send(await metrics.metrics()),
  );
};
