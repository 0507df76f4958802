import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  OverdueClock,
  SupervisionQuery,
  SupervisionRow,
  TimelinePoint,
  TimelineQuery,
} from '../../contract/supervision.js';
import type { Services } from '../../services/index.js';
import { actorOf } from '../plugins/authenticate.js';

export const supervisionRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  app.get(
    '/api/v1/supervision',
    {
      schema: {
        tags: ['supervision'],
        summary:
          'Reporting deadlines kept and missed, by sector, region, operator or supervising organisation (format=csv for a file)',
        querystring: SupervisionQuery,
        response: { 200: Type.Union([Type.Array(SupervisionRow), Type.String()]) },
      },
    },
    async (req, reply) => {
      if (req.query.format !== 'csv') return services.supervision.summary(actorOf(req), req.query);
      const csv = await services.supervision.summaryCsv(actorOf(req), req.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="fenghuo-supervision.csv"')
        .send(csv);
    },
  );
  app.get(
    '/api/v1/supervision/timeline',
    {
      schema: {
        tags: ['supervision'],
        summary: 'Deadlines per day: met, met late, missed',
        querystring: TimelineQuery,
        response: { 200: Type.Array(TimelinePoint) },
      },
    },
    (req) => services.supervision.timeline(actorOf(req), req.query.days),
  );
  app.get(
    '/api/v1/supervision/overdue',
    {
      schema: {
        tags: ['supervision'],
        summary: 'Overdue deadlines, longest overdue first',
        response: { 200: Type.Array(OverdueClock) },
      },
    },
    (req) => services.supervision.overdue(actorOf(req)),
  );
};
