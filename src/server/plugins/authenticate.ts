import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Actor } from '../../core/auth/policy.js';
import { DomainError } from '../../core/errors.js';
import type { Services } from '../../services/index.js';

export const SESSION_COOKIE = 'fenghuo_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling; null only on public routes called without credentials. */
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** An /api/v1 route reachable without signing in. */
    public?: boolean;
  }
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Turns a bearer token or a session cookie into `request.actor`. Cookie sessions must echo
 * their CSRF token in X-CSRF-Token on every change; bearer tokens are not sent by browsers
 * on their own, so they need none.
 */
export const authenticate = fp(async (app: FastifyInstance, options: { services: Services }) => {
  const { auth } = options.services;
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      request.actor = await auth.fromToken(header.slice('Bearer '.length).trim());
      if (!request.actor)
        throw new DomainError('unauthenticated', 'The API token is unknown, expired or revoked');
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    const session = cookie ? await auth.fromSession(cookie) : null;
    if (session) {
      if (!SAFE_METHODS.has(request.method)) {
        const sent = request.headers['x-csrf-token'];
        if (typeof sent !== 'string' || !sameSecret(sent, session.info.csrfToken)) {
          throw new DomainError(
            'csrf_failed',
            'Send the session’s CSRF token in the X-CSRF-Token header',
          );
        }
      }
      request.actor = session.actor;
      return;
    }
    // The web app's files, the docs, health and metrics are open; the REST API is not, unless a route says so.
    const open =
      !request.url.startsWith('/api/v1/') || request.is404 || request.routeOptions.config.public;
    if (!open) throw new DomainError('unauthenticated', 'Sign in or send an API token');
  });
});

/** The caller of a route that is not public. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new DomainError('unauthenticated', 'Sign in or send an API token');
  return request.actor;
}
