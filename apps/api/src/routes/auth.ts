import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { inArray } from 'drizzle-orm';
import { ChangePasswordRequest, LoginRequest, Problem, SessionInfo, UpdateOwnProfile, User } from '@fieldschool/contracts';
import { schema } from '@fieldschool/db';
import { AppError } from '../errors.ts';
import { SESSION_COOKIE } from '../plugins/auth.ts';
import { SESSION_DAYS, signIn, signOut } from '../services/login.ts';
import { changeOwnPassword } from '../services/own-password.ts';
import { idsOnPath } from '../services/org-units.ts';
import { findUserWithUnit, toUserDto, updateOwnProfile } from '../services/users.ts';
import { problemResponses } from './responses.ts';

const tags = ['auth'];

const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  async function sessionInfo(userId: string, csrfToken: string): Promise<SessionInfo> {
    const row = await findUserWithUnit(app.db, userId);
    if (!row) throw new AppError(401, 'unauthenticated', 'Sign in first');
    const ids = idsOnPath(row.orgUnitPath);
    const units = await app.db.select().from(schema.orgUnits).where(inArray(schema.orgUnits.id, ids));
    const names = ids.map((id) => units.find((unit) => unit.id === id)?.name ?? '');
    return { user: toUserDto(row.user, row.orgUnitName), csrfToken, orgUnitPath: names };
  }

  app.post(
    '/auth/login',
    {
      config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: { tags, summary: 'Sign in with username and password', body: LoginRequest, response: { 200: SessionInfo, 423: Problem, ...problemResponses } },
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
      return sessionInfo(session.userId, session.csrfToken);
    },
  );

  app.get(
    '/auth/session',
    { schema: { tags, summary: 'The signed-in user and their CSRF token', response: { 200: SessionInfo, ...problemResponses } } },
    async (request) => sessionInfo(request.principal!.id, request.csrfToken!),
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
