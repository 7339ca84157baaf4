import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Leave, RecordLeave, SecretaryParams, ShortfallList, ShortfallQuery } from '@fieldschool/contracts';
import type { SecretarySettings } from '../config.ts';
import { listShortfalls, recordLeave } from '../services/secretaries/month-rule.ts';
import { problemResponses } from './responses.ts';

const tags = ['secretaries'];
const adminOnly = { roles: ['admin' as const] };

/** What admins do about first secretaries: leave, the month's shortfalls. */
const secretaryRoutes: FastifyPluginAsyncTypebox<{ settings: SecretarySettings }> = async (app, { settings }) => {
  app.post(
    '/secretaries/:secretaryId/leaves',
    {
      config: adminOnly,
      schema: { tags, summary: "Approve a secretary's leave for a month (its shortfall is then excused)", params: SecretaryParams, body: RecordLeave, response: { 201: Leave, ...problemResponses } },
    },
    async (request, reply) => reply.status(201).send(await recordLeave(app.db, request.principal!, request.actor(), request.params.secretaryId, request.body)),
  );
  app.get(
    '/secretaries/shortfalls',
    {
      config: adminOnly,
      schema: { tags, summary: 'Secretaries in your area who finished a month short of the rule without leave', querystring: ShortfallQuery, response: { 200: ShortfallList, ...problemResponses } },
    },
    async (request) => listShortfalls(app.db, request.principal!, settings, request.query.month),
  );
};

export default secretaryRoutes;
