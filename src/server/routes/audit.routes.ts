import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AuditEntry,
  AuditListQuery,
  AuditVerification,
  InboxMessage,
} from '../../contract/audit.js';
import { ListQuery, Page } from '../../contract/common.js';
import type { Services } from '../../services/index.js';
import { actorOf } from '../plugins/authenticate.js';

export const auditRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  app.get(
    '/api/v1/audit',
    {
      schema: { tags: ['audit'], querystring: AuditListQuery, response: { 200: Page(AuditEntry) } },
    },
    (req) => services.audit.list(actorOf(req), req.query),
  );
  app.get(
    '/api/v1/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: 'Walk the hash chain',
        response: { 200: AuditVerification },
      },
    },
    (req) => services.audit.verify(actorOf(req)),
  );
  app.get(
    '/api/v1/inbox',
    {
      schema: {
        tags: ['inbox'],
        querystring: Type.Object(ListQuery),
        response: { 200: Page(InboxMessage) },
      },
    },
    (req) => services.inbox.list(actorOf(req), req.query),
  );
  app.post(
    '/api/v1/inbox/:id/read',
    {
      schema: {
        tags: ['inbox'],
        params: Type.Object({ id: Type.String() }),
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await services.inbox.markRead(actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
};
