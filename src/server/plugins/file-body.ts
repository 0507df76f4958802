import type { FastifyInstance } from 'fastify';

/**
 * Within the calling plugin only, takes every request body as the file it is, whatever its
 * Content-Type: text for import files, bytes for attachments, up to `limit` bytes.
 */
export function acceptFileBodies(
  app: FastifyInstance,
  parseAs: 'string' | 'buffer',
  limit: number,
): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs, bodyLimit: limit }, (_req, body, done) =>
    done(null, body),
  );
}
