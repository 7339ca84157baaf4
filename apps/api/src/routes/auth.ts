import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ChangePasswordRequest, LoginRequest, SessionInfo, UpdateOwnProfile, User } from '@fieldschool/contracts';
import { SESSION_COOKIE } from '../plugins/auth.ts';
import { SESSION_DAYS, signIn, signOut } from '../services/login.ts';
import { changeOwnPassword } from '../services/own-password.ts';
import { describeSession } from '../services/session-info.ts';
import { updateOwnProfile } from '../services/users.ts';
import { problemResponses } from './responses.ts';

const tags = ['auth'];

const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/auth/login',
    {
      // A coarse flood guard per instance, before any password hashing; the waits that
      // stop guessing are counted in PostgreSQL by signIn.
      config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Sign in with username and password',
        description: 'Repeated failures make further attempts wait: 429 `sign_in_throttled` with Retry-After.',
        body: LoginRequest,
        response: { 200: SessionInfo, ...problemResponses },
      },
    },
    async (request, reply) => {
      const session = await signIn(app.db, request.body, {
        ip: request.ip,
        userAgent: request.headers['user-agent'],
        requestId: request.id,
      });
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: request.protocol === 'https',
        maxAge: SESSION_DAYS * 86_400,
      });
      return session.info;
    },
  );

  app.get(
    '/auth/session',
    { schema: { tags, summary: 'The signed-in user and their CSRF token', response: { 200: SessionInfo, ...problemResponses } } },
    async (request) => describeSession(app.db, request.principal!.id, request.csrfToken!),
  );

  app.post(
    '/auth/logout',
    { schema: { tags, summary: 'Sign out', response: { 204: { type: 'null' }, ...problemResponses } } },
    async (request, reply) => {
      await signOut(app.db, app.sessionCache, request.cookies[SESSION_COOKIE]!, request.actor());
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.patch(
    '/auth/me',
    { schema: { tags, summary: 'Change your own name, phone or language', body: UpdateOwnProfile, response: { 200: User, ...problemResponses } } },
    async (request) => updateOwnProfile(app.db, request.principal!, request.actor(), request.body),
  );

  app.post(
    '/auth/password',
    { schema: { tags, summary: 'Change your own password', body: ChangePasswordRequest, response: { 204: { type: 'null' }, ...problemResponses } } },
    async (request, reply) => {
      await changeOwnPassword(app.db, app.sessionCache, request.principal!, request.actor(), request.body, request.cookies[SESSION_COOKIE]!);
      return reply.status(204).send(null);
    },
  );
};

export default authRoutes;
