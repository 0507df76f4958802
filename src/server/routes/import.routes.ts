import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ExportQuery,
  ImportKindParam,
  ImportQuery,
  ImportReport,
} from '../../contract/registry.js';
import type { Services } from '../../services/index.js';
import { actorOf } from '../plugins/authenticate.js';
import { acceptFileBodies } from '../plugins/file-body.js';

const IMPORT_BODY_LIMIT = 64 * 1024 * 1024;

export const importRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  // Import bodies are files: kept as text for the file parsers.
  acceptFileBodies(app, 'string', IMPORT_BODY_LIMIT);

  app.post(
    '/api/v1/imports/:kind',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags: ['registry'],
        summary: 'Bulk import: the file is the body (text/csv or application/json)',
        params: ImportKindParam,
        querystring: ImportQuery,
        body: Type.String(),
        response: { 200: ImportReport },
      },
    },
    (req) =>
      services.imports.importFile(actorOf(req), req.params.kind, req.query.format, req.body, {
        dryRun: req.query.dryRun,
        partial: req.query.partial,
        source: req.query.source,
      }),
  );

  app.get(
    '/api/v1/exports/:kind',
    {
      schema: {
        tags: ['registry'],
        summary: 'Bulk export in the import format',
        params: ImportKindParam,
        querystring: ExportQuery,
        response: { 200: Type.String() },
      },
    },
    async (req, reply) => {
      const file = await services.imports.exportFile(
        actorOf(req),
        req.params.kind,
        req.query.format,
      );
      const type =
        req.query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8';
      return reply
        .type(type)
        .header(
          'content-disposition',
          `attachment; filename="fenghuo-${req.params.kind}.${req.query.format}"`,
        )
        .send(file);
    },
  );
};
