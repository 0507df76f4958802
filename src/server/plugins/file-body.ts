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

/**
 * Within the calling plugin only, hands the handler the request body as a stream, unread, so
 * a file of any size can be written to disk without being held in memory. The handler is
 * responsible for consuming it and for its size limit.
 */
export function acceptStreamBodies(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
}
