import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { EvaluateInput, Evaluations, RulePackSummary } from '../../contract/rules.js';
import type { Services } from '../../services/index.js';
import { actorOf } from '../plugins/authenticate.js';

export const rulesRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  app.get(
    '/api/v1/rule-packs',
    {
      schema: {
        tags: ['rules'],
        summary: 'The loaded rule packs',
        response: { 200: Type.Array(RulePackSummary) },
      },
    },
    (req) => services.rules.list(actorOf(req)),
  );
  app.post(
    '/api/v1/rule-packs/evaluate',
    {
      schema: {
        tags: ['rules'],
        summary:
          'What every pack says of a set of incident facts: applicability, grade and why, reports owed and escalations, with due times',
        body: EvaluateInput,
        response: { 200: Evaluations },
      },
    },
    (req) => services.rules.evaluate(actorOf(req), req.body),
  );
};
