import { existsSync } from 'node:fs';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DomainError } from '../core/errors.js';
import type { Services } from '../services/index.js';
import { authenticate } from './plugins/authenticate.js';
import { sendProblem } from './problem.js';
import { validatorCompiler } from './validation.js';
import { attachmentRoutes } from './routes/attachment.routes.js';
import { auditRoutes } from './routes/audit.routes.js';
import { importRoutes } from './routes/import.routes.js';
import { advisoryRoutes } from './routes/advisory.routes.js';
import { feedRoutes } from './routes/feed.routes.js';
import { incidentRoutes } from './routes/incident.routes.js';
import { metaRoutes } from './routes/meta.routes.js';
import { registryRoutes } from './routes/registry.routes.js';
import { rulesRoutes } from './routes/rules.routes.js';
import { sessionRoutes } from './routes/session.routes.js';
import { supervisionRoutes } from './routes/supervision.routes.js';
import { userRoutes } from './routes/user.routes.js';
import { warningRoutes } from './routes/warning.routes.js';

export interface AppOptions {
  services: Services;
  /** Where the built web app is; the API runs without it. */
  webDir?: string;
  secureCookies?: boolean;
  logLevel?: string;
  /** Sign-in attempts allowed per client address and minute. */
  loginAttemptsPerMinute?: number;
}

/** The HTTP server: REST API, OpenAPI docs, health and metrics, and the web app's files. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { services } = options;
  const app = Fastify({
    logger: { level: options.logLevel ?? 'info' },
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(validatorCompiler());

  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  const requests = new Counter({
    name: 'fenghuo_http_requests_total',
    help: 'HTTP requests',
    labelNames: ['method', 'route', 'status'],
    registers: [metrics],
  });
  const latency = new Histogram({
    name: 'fenghuo_http_request_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route'],
    registers: [metrics],
  });
  new Gauge({
    name: 'fenghuo_jobs',
    help: 'Jobs by state',
    labelNames: ['state'],
    registers: [metrics],
    async collect() {
      for (const [state, n] of Object.entries(await services.jobs.counts())) this.set({ state }, n);
    },
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ method: request.method, route, status: reply.statusCode });
    latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });

  app.setErrorHandler((error, request, reply) => sendProblem(error, request, reply));
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        'default-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'script-src': ["'self'"],
      },
    },
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, context) =>
      new DomainError(
        'rate_limited',
        `Too many attempts; retry in ${Math.ceil(context.ttl / 1000)} s`,
      ),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Fenghuo API',
        version: '1',
        description: 'National cyberspace incident coordination, notification and early warning',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'fenghuo_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { url: '/api/openapi.json' },
  });
  app.get('/api/openapi.json', { schema: { hide: true }, config: { public: true } }, () =>
    app.swagger(),
  );

  await app.register(authenticate, { services });
  await app.register(sessionRoutes, {
    services,
    secureCookies: options.secureCookies ?? false,
    loginAttemptsPerMinute: options.loginAttemptsPerMinute ?? 10,
  });
  await app.register(registryRoutes, { services });
  await app.register(importRoutes, { services });
  await app.register(userRoutes, { services });
  await app.register(auditRoutes, { services });
  await app.register(rulesRoutes, { services });
  await app.register(incidentRoutes, { services });
  await app.register(supervisionRoutes, { services });
  await app.register(attachmentRoutes, { services });
  await app.register(feedRoutes, { services });
  await app.register(advisoryRoutes, { services });
  await app.register(warningRoutes, { services });
  await app.register(metaRoutes, { services, metrics });

  const webDir = options.webDir;
  if (webDir && existsSync(join(webDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: webDir, wildcard: false, index: 'index.html' });
  }
  // The web app routes on the client: unknown non-API GETs get its page.
  app.setNotFoundHandler((request, reply) => {
    const isPage =
      request.method === 'GET' &&
      !request.url.startsWith('/api/') &&
      webDir &&
      existsSync(join(webDir, 'index.html'));
    if (isPage) return reply.type('text/html').sendFile('index.html');
    return sendProblem(
      new DomainError('not_found', `No route ${request.method} ${request.url.split('?')[0]}`),
      request,
      reply,
    );
  });
  return app;
}
