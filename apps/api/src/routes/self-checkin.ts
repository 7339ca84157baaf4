import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, SelfCheckinRequest, SelfCheckinResponse, SelfCheckinSession } from '@fieldschool/contracts';
import { AppError } from '../errors.ts';
import { selfCheckin, selfCheckinSession } from '../services/checkins/self-checkin.ts';
import { problemResponses } from './responses.ts';

const tags = ['check-in'];
/** The farmer's phone keeps this random cookie: the per-device limit counts by it. */
export const DEVICE_COOKIE = 'fs_device';
const DEVICE_COOKIE_DAYS = 365;
/** Per address: a few tries for one phone (a typo, a code that turned), not a script. */
const PER_ADDRESS = { max: 20, timeWindow: '1 minute' };
/** Per session: a room of farmers checking in within a minute, and no more. */
const PER_SESSION_PER_MINUTE = 120;

const selfCheckinRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const perSession = app.createRateLimit({
    max: PER_SESSION_PER_MINUTE,
    timeWindow: 60_000,
    keyGenerator: (request) => `self-checkin:${(request.body as { sessionId?: string } | undefined)?.sessionId ?? ''}`,
  });
  app.get(
    '/self-checkin/:id',
    {
      config: { public: true, rateLimit: PER_ADDRESS },
      schema: { tags, summary: 'The course, place and time of a session, for the farmer’s phone (no account)', params: IdParams, response: { 200: SelfCheckinSession, ...problemResponses } },
    },
    async (request) => selfCheckinSession(app.db, request.params.id),
  );
  app.post(
    '/self-checkin',
    {
      config: { public: true, rateLimit: PER_ADDRESS },
      schema: {
        tags,
        summary: 'A farmer checks in with the session’s rotating code, their name and the last 4 digits of their ID number',
        description: 'No account. The code must be the current or the previous one (30-second steps); one phone checks in at most 2 people per session.',
        body: SelfCheckinRequest,
        response: { 200: SelfCheckinResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const limit = await perSession(request);
      if (!limit.isAllowed && limit.isExceeded) {
        throw new AppError('rate_limited', 'Too many check-ins for this session at once; try again shortly', { headers: { 'retry-after': String(limit.ttlInSeconds) } });
      }
      let deviceToken = request.cookies[DEVICE_COOKIE];
      if (!deviceToken || !/^[A-Za-z0-9_-]{16,64}$/.test(deviceToken)) {
        deviceToken = randomBytes(18).toString('base64url');
        reply.setCookie(DEVICE_COOKIE, deviceToken, {
          path: '/api/v1/self-checkin',
          httpOnly: true,
          sameSite: 'lax',
          secure: request.protocol === 'https',
          maxAge: DEVICE_COOKIE_DAYS * 86_400,
        });
      }
      return selfCheckin({ db: app.db, actor: request.actor(), input: request.body, deviceToken, windowMarginMinutes: app.checkinSettings.windowMarginMinutes });
    },
  );
};

export default selfCheckinRoutes;
