import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CreateWorkDay, WorkDayMonth, WorkDayQuery, WorkDayResult } from '@fieldschool/contracts';
import type { SecretarySettings } from '../config.ts';
import { AppError } from '../errors.ts';
import { workDayRejections, getWorkDay, listWorkDayMonth } from '../services/secretaries/work-days.ts';
import { workDayItems } from '../services/sync/work-day-items.ts';
import { problemResponses } from './responses.ts';

const tags = ['secretaries'];

/**
 * A secretary's work days. POST takes one entry online and runs the same handler as the
 * offline sync request, in one transaction; the web app uses it until it queues entries.
 */
const workDayRoutes: FastifyPluginAsyncTypebox<{ settings: SecretarySettings }> = async (app, { settings }) => {
  const handler = workDayItems(settings);
  app.post(
    '/work-days',
    {
      config: { roles: ['secretary'] },
      schema: {
        tags,
        summary: 'Record a day worked in the village; the same id again is a no-op (200 duplicate)',
        body: CreateWorkDay,
        response: { 200: WorkDayResult, 201: WorkDayResult, ...problemResponses },
      },
    },
    async (request, reply) => {
      const outcome = await app.db.transaction(async (tx) => {
        const [result] = await handler.handle({ tx, principal: request.principal!, deviceId: 'web', receivedAt: new Date() }, [{ kind: 'work_day', ...request.body }]);
        return result!;
      });
      if (outcome.result === 'rejected') {
        const reason = outcome.reason as keyof typeof workDayRejections;
        throw new AppError(reason, `Work day refused: ${reason}`, reason === 'not_found' ? {} : { field: workDayRejections[reason] });
      }
      const workDay = await getWorkDay(app.db, outcome.id);
      return reply.status(outcome.result === 'created' ? 201 : 200).send({ result: outcome.result === 'created' ? 'created' : 'duplicate', workDay });
    },
  );
  app.get(
    '/work-days',
    {
      config: { roles: ['secretary', 'admin'] },
      schema: { tags, summary: "A secretary's entries of one month and the month against the rule", querystring: WorkDayQuery, response: { 200: WorkDayMonth, ...problemResponses } },
    },
    async (request) => listWorkDayMonth(app.db, request.principal!, settings, request.query),
  );
};

export default workDayRoutes;
