import { createHash } from 'node:crypto';
import type {
  FastifyPluginAsyncTypebox,
  TypeBoxTypeProvider,
} from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  Advisory,
  AdvisoryDetail,
  AdvisoryImportResult,
  AdvisoryInput,
  AdvisoryListQuery,
  AdvisoryMatch,
  AdvisoryRevision,
  AdvisorySourceInput,
  AdvisorySourceView,
  Sbom,
  SbomComponent,
} from '../../contract/advisories.js';
import { IdParams, Page } from '../../contract/common.js';
import { DomainError } from '../../core/errors.js';
import type { Services } from '../../services/index.js';
import { actorOf } from '../plugins/authenticate.js';
import { acceptFileBodies } from '../plugins/file-body.js';

/** The KEV catalogue is about 1.3 MB; nothing legitimate comes near this. */
const ADVISORY_BODY_LIMIT = 64 * 1024 * 1024;

const FileQuery = Type.Object({ fileName: Type.Optional(Type.String({ maxLength: 300 })) });
const CsafFileParams = Type.Object({
  year: Type.String({ pattern: '^[0-9]{4}$' }),
  file: Type.String({ pattern: '^[+a-z0-9_-]+\\.json(\\.sha512)?$' }),
});

const requireBody = (body: unknown): string => {
  if (typeof body !== 'string' || body.length === 0) {
    throw new DomainError('validation_failed', 'The request has no file', [
      { field: '/body', reason: 'is empty' },
    ]);
  }
  return body;
};

export const advisoryRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { advisories, advisorySources, sboms } = services;

  app.get(
    '/api/v1/advisories',
    {
      schema: {
        tags: ['advisories'],
        summary: 'Advisories, newest first',
        querystring: AdvisoryListQuery,
        response: { 200: Page(Advisory) },
      },
    },
    (req) => advisories.list(actorOf(req), req.query),
  );
  app.post(
    '/api/v1/advisories',
    {
      schema: {
        tags: ['advisories'],
        summary: 'Write an advisory of Fenghuo’s own (a draft)',
        body: AdvisoryInput,
        response: { 201: AdvisoryDetail },
      },
    },
    async (req, reply) => reply.status(201).send(await advisories.create(actorOf(req), req.body)),
  );
  app.get(
    '/api/v1/advisories/:id',
    {
      schema: {
        tags: ['advisories'],
        summary: 'One advisory with its products',
        params: IdParams,
        response: { 200: AdvisoryDetail },
      },
    },
    (req) => advisories.get(actorOf(req), req.params.id),
  );
  app.put(
    '/api/v1/advisories/:id',
    {
      schema: {
        tags: ['advisories'],
        summary: 'Revise an advisory of Fenghuo’s own',
        params: IdParams,
        body: AdvisoryInput,
        response: { 200: AdvisoryDetail },
      },
    },
    (req) => advisories.update(actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/advisories/:id/publish',
    {
      schema: {
        tags: ['advisories'],
        summary: 'Publish an advisory of Fenghuo’s own as CSAF',
        params: IdParams,
        response: { 200: AdvisoryDetail },
      },
    },
    (req) => advisories.publish(actorOf(req), req.params.id),
  );
  app.get(
    '/api/v1/advisories/:id/revisions',
    {
      schema: {
        tags: ['advisories'],
        summary: 'Every revision imported or written, newest first',
        params: IdParams,
        response: { 200: Type.Array(AdvisoryRevision) },
      },
    },
    (req) => advisories.revisions(actorOf(req), req.params.id),
  );
  app.get(
    '/api/v1/advisories/:id/matches',
    {
      schema: {
        tags: ['advisories'],
        summary: 'Organisations and assets the advisory matches, with confidence and reason',
        params: IdParams,
        response: { 200: Type.Array(AdvisoryMatch) },
      },
    },
    (req) => advisories.matches(actorOf(req), req.params.id),
  );

  app.get(
    '/api/v1/advisory-sources',
    {
      schema: {
        tags: ['advisories'],
        summary: 'Sources pulled on a schedule',
        response: { 200: Type.Array(AdvisorySourceView) },
      },
    },
    (req) => advisorySources.list(actorOf(req)),
  );
  app.post(
    '/api/v1/advisory-sources',
    {
      schema: {
        tags: ['advisories'],
        summary: 'Add a CSAF provider or the KEV feed',
        body: AdvisorySourceInput,
        response: { 201: AdvisorySourceView },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await advisorySources.create(actorOf(req), req.body)),
  );
  app.put(
    '/api/v1/advisory-sources/:id',
    {
      schema: {
        tags: ['advisories'],
        summary: 'Change a source',
        params: IdParams,
        body: AdvisorySourceInput,
        response: { 200: AdvisorySourceView },
      },
    },
    (req) => advisorySources.update(actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/api/v1/advisory-sources/:id',
    { schema: { tags: ['advisories'], summary: 'Remove a source', params: IdParams } },
    async (req, reply) => {
      await advisorySources.remove(actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/v1/advisory-sources/:id/pull',
    {
      schema: {
        tags: ['advisories'],
        summary: 'Pull a source now',
        params: IdParams,
        response: { 200: AdvisorySourceView },
      },
    },
    (req) => advisorySources.pullNow(actorOf(req), req.params.id),
  );

  app.get(
    '/api/v1/assets/:id/sboms',
    {
      schema: {
        tags: ['advisories'],
        summary: 'The SBOMs of a system',
        params: IdParams,
        response: { 200: Type.Array(Sbom) },
      },
    },
    (req) => sboms.list(actorOf(req), req.params.id),
  );
  app.get(
    '/api/v1/sboms/:id/components',
    {
      schema: {
        tags: ['advisories'],
        summary: 'The components of an SBOM',
        params: IdParams,
        response: { 200: Type.Array(SbomComponent) },
      },
    },
    (req) => sboms.components(actorOf(req), req.params.id),
  );
  app.delete(
    '/api/v1/sboms/:id',
    { schema: { tags: ['advisories'], summary: 'Remove an SBOM', params: IdParams } },
    async (req, reply) => {
      await sboms.remove(actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );

  // Files: the advisory or SBOM is the request body, taken as text.
  await app.register(async (scoped) => {
    acceptFileBodies(scoped, 'string', ADVISORY_BODY_LIMIT);
    const files = scoped.withTypeProvider<TypeBoxTypeProvider>();
    files.post(
      '/api/v1/advisories/import',
      {
        bodyLimit: ADVISORY_BODY_LIMIT,
        schema: {
          tags: ['advisories'],
          summary:
            'Import a CSAF 2.0 document, a CVE JSON 5 record or the KEV catalogue (the body)',
          body: Type.String(),
          response: { 200: AdvisoryImportResult },
        },
      },
      (req) => advisories.importFile(actorOf(req), requireBody(req.body), 'api'),
    );
    files.post(
      '/api/v1/assets/:id/sboms',
      {
        bodyLimit: ADVISORY_BODY_LIMIT,
        schema: {
          tags: ['advisories'],
          summary:
            'Upload a CycloneDX (1.4–1.6) or SPDX 2.3 JSON SBOM for a system; it replaces the previous one',
          params: IdParams,
          querystring: FileQuery,
          body: Type.String(),
          response: { 201: Sbom },
        },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(
            await sboms.upload(
              actorOf(req),
              req.params.id,
              req.query.fileName ?? 'sbom.json',
              requireBody(req.body),
            ),
          ),
    );
  });

  // Fenghuo as a CSAF provider: public, no login (CSAF 2.0 §7.1).
  app.get(
    '/.well-known/csaf/provider-metadata.json',
    { schema: { hide: true } },
    async (_req, reply) => reply.type('application/json').send(await advisories.providerMetadata()),
  );
  app.get(
    '/.well-known/csaf/white/feed-tlp-white.json',
    { schema: { hide: true } },
    async (_req, reply) => reply.type('application/json').send(await advisories.rolieFeed()),
  );
  app.get(
    '/.well-known/csaf/white/:year/:file',
    { schema: { hide: true, params: CsafFileParams } },
    async (req, reply) => {
      const hashFile = req.params.file.endsWith('.sha512');
      const fileName = hashFile ? req.params.file.slice(0, -'.sha512'.length) : req.params.file;
      const document = await advisories.csafDocument(req.params.year, fileName);
      if (document === null)
        throw new DomainError('not_found', `No CSAF document ${req.params.year}/${fileName}`);
      if (!hashFile) return reply.type('application/json').send(document);
      return reply
        .type('text/plain')
        .send(`${createHash('sha512').update(document).digest('hex')}  ${fileName}\n`);
    },
  );
};
