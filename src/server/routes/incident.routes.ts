import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { IdParams, Page } from '../../contract/common.js';
import {
  GradeOverrideInput,
  IncidentDetail,
  IncidentInput,
  IncidentListQuery,
  IncidentSummary,
  PublicIncidentInput,
  PublicReceipt,
  StatusInput,
  ReceiptSchema,
  ReceiptVerification,
  SubmissionInput,
  Submitted,
  WaiveInput,
} from '../../contract/incidents.js';
import type { Services } from '../../services/index.js';
import { actorOf } from '../plugins/authenticate.js';

const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 8,
      maxLength: 200,
      description: 'Repeat a request safely: the same key returns the first answer',
    }),
  ),
});

export const incidentRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { incidents } = services;
  app.get(
    '/api/v1/incidents',
    {
      schema: {
        tags: ['incidents'],
        querystring: IncidentListQuery,
        response: { 200: Page(IncidentSummary) },
      },
    },
    (req) => incidents.list(actorOf(req), req.query),
  );
  app.post(
    '/api/v1/incidents',
    {
      schema: {
        tags: ['incidents'],
        summary:
          'Report an incident: graded, clocks started, authorities told; answered with signed receipts',
        headers: IdempotencyHeaders,
        body: IncidentInput,
        response: { 201: Submitted },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await incidents.report(actorOf(req), req.body, req.headers['idempotency-key'])),
  );
  app.get(
    '/api/v1/incidents/:id',
    { schema: { tags: ['incidents'], params: IdParams, response: { 200: IncidentDetail } } },
    (req) => incidents.get(actorOf(req), req.params.id),
  );
  app.post(
    '/api/v1/incidents/:id/submissions',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Submit a stage report (update, final, …)',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: SubmissionInput,
        response: { 201: Submitted },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(
          await incidents.submit(
            actorOf(req),
            req.params.id,
            req.body,
            req.headers['idempotency-key'],
          ),
        ),
  );
  app.post(
    '/api/v1/incidents/:id/status',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Move the incident to another handling status',
        params: IdParams,
        body: StatusInput,
        response: { 200: IncidentDetail },
      },
    },
    (req) => incidents.setStatus(actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/incidents/:id/grade-overrides',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Set a pack’s grade by hand, with the reason',
        params: IdParams,
        body: GradeOverrideInput,
        response: { 200: IncidentDetail },
      },
    },
    (req) => incidents.overrideGrade(actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/clocks/:id/waive',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Waive a deadline, with the reason',
        params: IdParams,
        body: WaiveInput,
        response: { 200: IncidentDetail },
      },
    },
    (req) => incidents.waiveClock(actorOf(req), req.params.id, req.body.reason),
  );
  app.post(
    '/api/v1/public/incidents',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Report an incident without an account; answered with a signed receipt',
        body: PublicIncidentInput,
        response: { 201: PublicReceipt },
      },
      config: { public: true, rateLimit: { max: 5, timeWindow: '1 minute' } },
    },
    async (req, reply) =>
      reply.status(201).send(await incidents.reportPublic(req.body, services.directory)),
  );
  app.post(
    '/api/v1/receipts/verify',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Check a receipt’s signature',
        body: ReceiptSchema,
        response: { 200: ReceiptVerification },
      },
    },
    (req) => incidents.verifyReceipt(req.body),
  );
};
