import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, ListQuery, Page } from '../../contract/common.js';
import {
  Asset,
  AssetInput,
  AssetPatch,
  Contact,
  ContactInput,
  ContactPatch,
  LookupQuery,
  LookupResult,
  Network,
  NetworkInput,
  Organisation,
  OrganisationInput,
  OrganisationListQuery,
  OrganisationPatch,
  Webhook,
  WebhookInput,
  CreatedWebhook,
} from '../../contract/registry.js';
import type { Services } from '../../services/index.js';
import { actorOf } from '../plugins/authenticate.js';

const PageQuery = Type.Object(ListQuery);
const NoContent = { 204: Type.Null() };

export const registryRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { registry } = services;

  app.get(
    '/api/v1/organisations',
    {
      schema: {
        tags: ['registry'],
        querystring: OrganisationListQuery,
        response: { 200: Page(Organisation) },
      },
    },
    (req) => registry.listOrganisations(actorOf(req), req.query),
  );
  app.post(
    '/api/v1/organisations',
    { schema: { tags: ['registry'], body: OrganisationInput, response: { 201: Organisation } } },
    async (req, reply) =>
      reply.status(201).send(await registry.createOrganisation(actorOf(req), req.body)),
  );
  app.get(
    '/api/v1/organisations/:id',
    { schema: { tags: ['registry'], params: IdParams, response: { 200: Organisation } } },
    (req) => registry.getOrganisation(actorOf(req), req.params.id),
  );
  app.patch(
    '/api/v1/organisations/:id',
    {
      schema: {
        tags: ['registry'],
        params: IdParams,
        body: OrganisationPatch,
        response: { 200: Organisation },
      },
    },
    (req) => registry.updateOrganisation(actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/api/v1/organisations/:id',
    { schema: { tags: ['registry'], params: IdParams, response: NoContent } },
    async (req, reply) => {
      await registry.deleteOrganisation(actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/organisations/:id/contacts',
    {
      schema: {
        tags: ['registry'],
        params: IdParams,
        querystring: PageQuery,
        response: { 200: Page(Contact) },
      },
    },
    (req) => registry.listContacts(actorOf(req), req.params.id, req.query),
  );
  app.post(
    '/api/v1/organisations/:id/contacts',
    {
      schema: {
        tags: ['registry'],
        params: IdParams,
        body: ContactInput,
        response: { 201: Contact },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await registry.createContact(actorOf(req), req.params.id, req.body)),
  );
  app.patch(
    '/api/v1/contacts/:id',
    {
      schema: {
        tags: ['registry'],
        params: IdParams,
        body: ContactPatch,
        response: { 200: Contact },
      },
    },
    (req) => registry.updateContact(actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/api/v1/contacts/:id',
    { schema: { tags: ['registry'], params: IdParams, response: NoContent } },
    async (req, reply) => {
      await registry.deleteContact(actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/organisations/:id/networks',
    {
      schema: {
        tags: ['registry'],
        params: IdParams,
        querystring: PageQuery,
        response: { 200: Page(Network) },
      },
    },
    (req) => registry.listNetworks(actorOf(req), req.params.id, req.query),
  );
  app.post(
    '/api/v1/organisations/:id/networks',
    {
      schema: {
        tags: ['registry'],
        params: IdParams,
        body: NetworkInput,
        response: { 201: Network },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await registry.createNetwork(actorOf(req), req.params.id, req.body)),
  );
  app.delete(
    '/api/v1/networks/:id',
    { schema: { tags: ['registry'], params: IdParams, response: NoContent } },
    async (req, reply) => {
      await registry.deleteNetwork(actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/organisations/:id/assets',
    {
      schema: {
        tags: ['registry'],
        params: IdParams,
        querystring: PageQuery,
        response: { 200: Page(Asset) },
      },
    },
    (req) => registry.listAssets(actorOf(req), req.params.id, req.query),
  );
  app.post(
    '/api/v1/organisations/:id/assets',
    {
      schema: { tags: ['registry'], params: IdParams, body: AssetInput, response: { 201: Asset } },
    },
    async (req, reply) =>
      reply.status(201).send(await registry.createAsset(actorOf(req), req.params.id, req.body)),
  );
  app.patch(
    '/api/v1/assets/:id',
    {
      schema: { tags: ['registry'], params: IdParams, body: AssetPatch, response: { 200: Asset } },
    },
    (req) => registry.updateAsset(actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/api/v1/assets/:id',
    { schema: { tags: ['registry'], params: IdParams, response: NoContent } },
    async (req, reply) => {
      await registry.deleteAsset(actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/organisations/:id/webhooks',
    { schema: { tags: ['registry'], params: IdParams, response: { 200: Type.Array(Webhook) } } },
    (req) => registry.listWebhooks(actorOf(req), req.params.id),
  );
  app.post(
    '/api/v1/organisations/:id/webhooks',
    {
      schema: {
        tags: ['registry'],
        params: IdParams,
        body: WebhookInput,
        response: { 201: CreatedWebhook },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await registry.createWebhook(actorOf(req), req.params.id, req.body)),
  );
  app.delete(
    '/api/v1/webhooks/:id',
    { schema: { tags: ['registry'], params: IdParams, response: NoContent } },
    async (req, reply) => {
      await registry.deleteWebhook(actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/lookup',
    {
      schema: {
        tags: ['registry'],
        summary: 'Who owns an IP, ASN or domain',
        querystring: LookupQuery,
        response: { 200: LookupResult },
      },
    },
    (req) => services.directory.lookup(actorOf(req), req.query.q),
  );
};
