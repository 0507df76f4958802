import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type {
  FastifyPluginAsyncTypebox,
  TypeBoxTypeProvider,
} from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { IdParams } from '../../contract/common.js';
import {
  Feed,
  FeedInput,
  FeedPatch,
  FeedRun,
  FeedRunDetail,
  Finding,
  FindingAssignInput,
  FindingIdParams,
  FindingListQuery,
  FindingMetricsQuery,
  FindingMetricsRow,
  FindingResponseInput,
  IngestQuery,
  RecipientTokenParams,
  RecipientView,
} from '../../contract/feeds.js';
import { Page } from '../../contract/common.js';
import { DomainError } from '../../core/errors.js';
import type { Services } from '../../services/index.js';
import { actorOf } from '../plugins/authenticate.js';
import { acceptStreamBodies } from '../plugins/file-body.js';

/** Uploads larger than this are cut off; bigger reports come through the CLI or a watched directory. */
const UPLOAD_LIMIT = 2 * 1024 ** 3;

export const feedRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { feeds, findings } = services;

  app.get(
    '/api/v1/feeds',
    { schema: { tags: ['feeds'], summary: 'Feeds', response: { 200: Type.Array(Feed) } } },
    (req) => feeds.list(actorOf(req)),
  );
  app.post(
    '/api/v1/feeds',
    {
      schema: {
        tags: ['feeds'],
        summary: 'Create a feed (format, report, dedup window, follow-up, scheduled pull)',
        body: FeedInput,
        response: { 201: Feed },
      },
    },
    async (req, reply) => reply.status(201).send(await feeds.create(actorOf(req), req.body)),
  );
  app.get(
    '/api/v1/feeds/:id',
    { schema: { tags: ['feeds'], summary: 'One feed', params: IdParams, response: { 200: Feed } } },
    (req) => feeds.get(actorOf(req), req.params.id),
  );
  app.patch(
    '/api/v1/feeds/:id',
    {
      schema: {
        tags: ['feeds'],
        summary: 'Change a feed',
        params: IdParams,
        body: FeedPatch,
        response: { 200: Feed },
      },
    },
    (req) => feeds.update(actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/api/v1/feeds/:id',
    {
      schema: {
        tags: ['feeds'],
        summary: 'Delete a feed with its runs and findings',
        params: IdParams,
      },
    },
    async (req, reply) => {
      await feeds.delete(actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );

  // The upload is streamed to a temporary file and ingested from there: memory stays flat.
  await app.register(async (scoped) => {
    acceptStreamBodies(scoped);
    scoped.withTypeProvider<TypeBoxTypeProvider>().post(
      '/api/v1/feeds/ingest',
      {
        bodyLimit: UPLOAD_LIMIT,
        schema: {
          tags: ['feeds'],
          summary: 'Ingest a feed file (the body); answers with the finished run and its counts',
          querystring: IngestQuery,
          response: { 201: FeedRun },
        },
      },
      async (req, reply) => {
        const dir = await mkdtemp(join(tmpdir(), 'fenghuo-upload-'));
        try {
          const fileName = basename(req.query.fileName ?? 'upload');
          const path = join(dir, fileName);
          if (!req.body)
            throw new DomainError('validation_failed', 'The request has no file', [
              { field: '/body', reason: 'is empty' },
            ]);
          await pipeline(req.body as Readable, createWriteStream(path));
          const run = await feeds.ingest(actorOf(req), {
            feed: req.query.feed,
            format: req.query.format,
            report: req.query.report,
            path,
            fileName,
            origin: 'upload',
          });
          return reply.status(201).send(run);
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      },
    );
  });

  app.get(
    '/api/v1/feed-runs',
    {
      schema: {
        tags: ['feeds'],
        summary: 'Recent ingestion runs, newest first',
        querystring: Type.Object({ feedId: Type.Optional(Type.String({ format: 'uuid' })) }),
        response: { 200: Type.Array(FeedRun) },
      },
    },
    (req) => feeds.runs(actorOf(req), req.query.feedId),
  );
  app.get(
    '/api/v1/feed-runs/:id',
    {
      schema: {
        tags: ['feeds'],
        summary: 'A run with its refused records',
        params: IdParams,
        response: { 200: FeedRunDetail },
      },
    },
    (req) => feeds.run(actorOf(req), req.params.id),
  );

  app.get(
    '/api/v1/findings',
    {
      schema: {
        tags: ['findings'],
        summary: 'Findings, newest first, filtered',
        querystring: FindingListQuery,
        response: { 200: Page(Finding) },
      },
    },
    (req) => findings.list(actorOf(req), req.query),
  );
  app.get(
    '/api/v1/findings/metrics',
    {
      schema: {
        tags: ['findings'],
        summary:
          'Open, fixed and verified findings and response times by organisation, sector or region',
        querystring: FindingMetricsQuery,
        response: { 200: Type.Array(FindingMetricsRow) },
      },
    },
    (req) => findings.metrics(actorOf(req), req.query),
  );
  app.get(
    '/api/v1/findings/:id',
    {
      schema: {
        tags: ['findings'],
        summary: 'One finding',
        params: FindingIdParams,
        response: { 200: Finding },
      },
    },
    (req) => findings.get(actorOf(req), req.params.id),
  );
  app.post(
    '/api/v1/findings/:id/response',
    {
      schema: {
        tags: ['findings'],
        summary: 'Answer a finding: acknowledged, fixed, false positive or not ours',
        params: FindingIdParams,
        body: FindingResponseInput,
        response: { 200: Finding },
      },
    },
    (req) => findings.respond(actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/findings/:id/assign',
    {
      schema: {
        tags: ['findings'],
        summary: 'Give a finding its owner, optionally registering the network',
        params: FindingIdParams,
        body: FindingAssignInput,
        response: { 200: Finding },
      },
    },
    (req) => findings.assign(actorOf(req), req.params.id, req.body),
  );

  app.get(
    '/api/v1/public/recipient/:token',
    {
      schema: {
        tags: ['findings'],
        summary: 'What a digest’s personal link shows; no login',
        params: RecipientTokenParams,
        response: { 200: RecipientView },
      },
      config: { public: true, rateLimit: { max: 60, timeWindow: '1 minute' } },
    },
    (req) => findings.recipientView(req.params.token),
  );
  app.post(
    '/api/v1/public/recipient/:token/findings/:id/response',
    {
      schema: {
        tags: ['findings'],
        summary: 'Answer a finding through a digest’s personal link; no login',
        params: Type.Composite([RecipientTokenParams, FindingIdParams]),
        body: FindingResponseInput,
        response: { 200: Finding },
      },
      config: { public: true, rateLimit: { max: 120, timeWindow: '1 minute' } },
    },
    (req) => findings.respondByLink(req.params.token, req.params.id, req.body),
  );
};
