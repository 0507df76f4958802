import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { IdParams } from '../../contract/common.js';
import { Attachment, AttachmentQuery } from '../../contract/incidents.js';
import type { Services } from '../../services/index.js';
import { actorOf } from '../plugins/authenticate.js';
import { acceptFileBodies } from '../plugins/file-body.js';

const ATTACHMENT_LIMIT = 50 * 1024 * 1024;

export const attachmentRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  // The body is the file itself, whatever its type.
  acceptFileBodies(app, 'buffer', ATTACHMENT_LIMIT);

  app.post(
    '/api/v1/incidents/:id/attachments',
    {
      bodyLimit: ATTACHMENT_LIMIT,
      schema: {
        tags: ['incidents'],
        summary: 'Attach a file (the body, with its Content-Type); stored with its SHA-256',
        params: IdParams,
        querystring: AttachmentQuery,
        response: { 201: Attachment },
      },
    },
    async (req, reply) => {
      const content = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const attachment = await services.incidents.attach(actorOf(req), req.params.id, {
        filename: req.query.filename,
        contentType: req.headers['content-type'] ?? 'application/octet-stream',
        content,
      });
      return reply.status(201).send(attachment);
    },
  );

  app.get(
    '/api/v1/attachments/:id',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Download an attachment',
        params: IdParams,
        response: { 200: Type.Unknown() },
      },
    },
    async (req, reply) => {
      const { attachment, content } = await services.incidents.download(
        actorOf(req),
        req.params.id,
      );
      return reply
        .type(attachment.contentType)
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`,
        )
        .header('x-content-sha256', attachment.sha256)
        .send(content);
    },
  );
};
