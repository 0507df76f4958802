import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ApiToken,
  CreatedToken,
  TokenInput,
  User,
  UserInput,
  UserListQuery,
  UserPatch,
} from '../../contract/auth.js';
import { IdParams, ListQuery, Page } from '../../contract/common.js';
import type { Services } from '../../services/index.js';
import { actorOf } from '../plugins/authenticate.js';

export const userRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  app.get(
    '/api/v1/users',
    { schema: { tags: ['access'], querystring: UserListQuery, response: { 200: Page(User) } } },
    (req) => services.users.list(actorOf(req), req.query),
  );
  app.post(
    '/api/v1/users',
    { schema: { tags: ['access'], body: UserInput, response: { 201: User } } },
    async (req, reply) =>
      reply.status(201).send(await services.users.create(actorOf(req), req.body)),
  );
  app.patch(
    '/api/v1/users/:id',
    { schema: { tags: ['access'], params: IdParams, body: UserPatch, response: { 200: User } } },
    (req) => services.users.update(actorOf(req), req.params.id, req.body),
  );

  app.get(
    '/api/v1/tokens',
    {
      schema: {
        tags: ['access'],
        querystring: Type.Object(ListQuery),
        response: { 200: Page(ApiToken) },
      },
    },
    (req) => services.auth.listTokens(actorOf(req), req.query),
  );
  app.post(
    '/api/v1/tokens',
    { schema: { tags: ['access'], body: TokenInput, response: { 201: CreatedToken } } },
    async (req, reply) =>
      reply.status(201).send(await services.auth.createToken(actorOf(req), req.body)),
  );
  app.delete(
    '/api/v1/tokens/:id',
    {
      schema: {
        tags: ['access'],
        summary: 'Revoke',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await services.auth.revokeToken(actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
};
