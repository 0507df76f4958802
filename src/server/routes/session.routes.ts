import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LoginInput, SessionInfo } from '../../contract/auth.js';
import type { Services } from '../../services/index.js';
import { actorOf, SESSION_COOKIE } from '../plugins/authenticate.js';

export const sessionRoutes: FastifyPluginAsyncTypebox<{
  services: Services;
  secureCookies: boolean;
  loginAttemptsPerMinute: number;
}> = async (app, { services, secureCookies, loginAttemptsPerMinute }) => {
  app.post(
    '/api/v1/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign in',
        body: LoginInput,
        response: { 200: SessionInfo },
      },
      config: { public: true, rateLimit: { max: loginAttemptsPerMinute, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const { secret, info } = await services.auth.login(
        request.body.username,
        request.body.password,
      );
      reply.setCookie(SESSION_COOKIE, secret, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: secureCookies,
        expires: new Date(info.expiresAt),
      });
      return info;
    },
  );

  app.get(
    '/api/v1/session',
    {
      schema: {
        tags: ['session'],
        summary: 'The signed-in session',
        response: { 200: SessionInfo },
      },
    },
    async (request) =>
      services.auth.session(actorOf(request), request.cookies[SESSION_COOKIE] ?? ''),
  );

  app.delete(
    '/api/v1/session',
    { schema: { tags: ['session'], summary: 'Sign out', response: { 204: Type.Null() } } },
    async (request, reply) => {
      await services.auth.logout(actorOf(request), request.cookies[SESSION_COOKIE] ?? '');
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );
};
