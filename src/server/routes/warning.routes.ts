import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  AssetResponsesInput,
  Bulletin,
  Coverage,
  LiftInput,
  OverdueRecipient,
  RecipientQuery,
  Warning,
  WarningInput,
  WarningListQuery,
  WarningPatch,
  WarningPreview,
  WarningRecipient,
  WarningRecipientView,
} from '../../contract/advisories.js';
import { IdParams, Page } from '../../contract/common.js';
import type { Services } from '../../services/index.js';
import { actorOf } from '../plugins/authenticate.js';

export const warningRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { warnings } = services;
  const tags = ['warnings'];

  app.get(
    '/api/v1/warnings',
    {
      schema: {
        tags,
        summary: 'Warnings: all for issuers and supervisors, those received for operators',
        querystring: WarningListQuery,
        response: { 200: Page(Warning) },
      },
    },
    (req) => warnings.list(actorOf(req), req.query),
  );
  app.post(
    '/api/v1/warnings',
    {
      schema: { tags, summary: 'Draft a warning', body: WarningInput, response: { 201: Warning } },
    },
    async (req, reply) => reply.status(201).send(await warnings.create(actorOf(req), req.body)),
  );
  app.post(
    '/api/v1/warnings/preview',
    {
      schema: {
        tags,
        summary: 'Who a warning would reach and why, and whether you may issue it',
        body: WarningInput,
        response: { 200: WarningPreview },
      },
    },
    (req) => warnings.preview(actorOf(req), req.body),
  );
  app.get(
    '/api/v1/warnings/overdue',
    {
      schema: {
        tags,
        summary: 'Recipients past due on issued warnings',
        response: { 200: Type.Array(OverdueRecipient) },
      },
    },
    (req) => warnings.overdue(actorOf(req)),
  );
  app.get(
    '/api/v1/warnings/:id',
    { schema: { tags, summary: 'One warning', params: IdParams, response: { 200: Warning } } },
    (req) => warnings.get(actorOf(req), req.params.id),
  );
  app.patch(
    '/api/v1/warnings/:id',
    {
      schema: {
        tags,
        summary: 'Edit a draft, or update an issued warning (recipients are told)',
        params: IdParams,
        body: WarningPatch,
        response: { 200: Warning },
      },
    },
    (req) => warnings.update(actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/warnings/:id/issue',
    {
      schema: {
        tags,
        summary: 'Issue a draft to its audience',
        params: IdParams,
        response: { 200: Warning },
      },
    },
    (req) => warnings.issue(actorOf(req), req.params.id),
  );
  app.post(
    '/api/v1/warnings/:id/lift',
    {
      schema: {
        tags,
        summary: 'Lift an issued warning (recipients are told)',
        params: IdParams,
        body: LiftInput,
        response: { 200: Warning },
      },
    },
    (req) => warnings.lift(actorOf(req), req.params.id, req.body.reason),
  );
  app.get(
    '/api/v1/warnings/:id/recipients',
    {
      schema: {
        tags,
        summary: 'Recipients with acknowledgement and remediation',
        params: IdParams,
        response: { 200: Type.Array(WarningRecipient) },
      },
    },
    (req) => warnings.recipients(actorOf(req), req.params.id),
  );
  app.get(
    '/api/v1/warnings/:id/coverage',
    {
      schema: {
        tags,
        summary: 'Acknowledged and remediated by sector and region, and over time',
        params: IdParams,
        response: { 200: Coverage },
      },
    },
    (req) => warnings.coverage(actorOf(req), req.params.id),
  );
  app.get(
    '/api/v1/warnings/:id/response',
    {
      schema: {
        tags,
        summary: 'A recipient’s view: its matched assets and answers',
        params: IdParams,
        querystring: RecipientQuery,
        response: { 200: WarningRecipientView },
      },
    },
    (req) => warnings.recipientView(actorOf(req), req.params.id, req.query.orgId),
  );
  app.post(
    '/api/v1/warnings/:id/acknowledge',
    {
      schema: {
        tags,
        summary: 'Acknowledge receipt',
        params: IdParams,
        querystring: RecipientQuery,
        response: { 200: WarningRecipientView },
      },
    },
    (req) => warnings.acknowledge(actorOf(req), req.params.id, req.query.orgId),
  );
  app.post(
    '/api/v1/warnings/:id/responses',
    {
      schema: {
        tags,
        summary: 'Answer per asset: patched, mitigated, not affected (with reason), accepted risk',
        params: IdParams,
        body: AssetResponsesInput,
        response: { 200: WarningRecipientView },
      },
    },
    (req) => warnings.respond(actorOf(req), req.params.id, req.body),
  );

  // Public bulletins: no login.
  app.get(
    '/api/v1/public/bulletins',
    {
      schema: {
        tags,
        summary: 'Public warnings (no login)',
        response: { 200: Type.Array(Bulletin) },
      },
      config: { public: true, rateLimit: { max: 120, timeWindow: '1 minute' } },
    },
    () => warnings.bulletins(),
  );
  app.get(
    '/bulletins.atom',
    {
      schema: {
        hide: true,
        querystring: Type.Object({
          lang: Type.Optional(Type.Union([Type.Literal('zh-CN'), Type.Literal('en')])),
        }),
      },
    },
    async (req, reply) =>
      reply
        .type('application/atom+xml; charset=utf-8')
        .send(await warnings.bulletinsAtom(req.query.lang ?? 'zh-CN')),
  );
};
