import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { EvaluationRules, Leave, RecordLeave, SaveSupervisionComment, SecretaryParams, ShortfallList, ShortfallQuery, Supervision, SupervisionComment, SupervisionQuery } from '@fieldschool/contracts';
import type { SecretarySettings } from '../config.ts';
import { listShortfalls, recordLeave } from '../services/secretaries/month-rule.ts';
import { evaluationRules, saveSupervisionComment, supervision, supervisionWorkbook } from '../services/secretaries/supervision.ts';
import { problemResponses } from './responses.ts';

const tags = ['secretaries'];
const adminOnly = { roles: ['admin' as const] };

/** What admins do about first secretaries: leave, the month's shortfalls, supervision and evaluation (督导考评). */
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
  app.get(
    '/secretaries/evaluation-rules',
    { schema: { tags, summary: 'The published rules of the evaluation: the month rule, each criterion\'s weight and target', response: { 200: EvaluationRules, ...problemResponses } } },
    async () => evaluationRules(settings),
  );
  app.get(
    '/supervision',
    {
      config: adminOnly,
      schema: { tags, summary: "Each secretary's days per month, log entries, matters done, sessions held and score, in your area", querystring: SupervisionQuery, response: { 200: Supervision, ...problemResponses } },
    },
    async (request) => supervision(app.db, request.principal!, settings, request.query),
  );
  app.get(
    '/supervision/export',
    { config: adminOnly, schema: { tags, summary: 'The same view as an .xlsx workbook', querystring: SupervisionQuery } },
    async (request, reply) => {
      const view = await supervision(app.db, request.principal!, settings, request.query);
      const name = `督导考评-${view.year}${view.quarter ? `-Q${view.quarter}` : ''}.xlsx`;
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
        .send(supervisionWorkbook(view));
    },
  );
  app.put(
    '/supervision/:secretaryId/comment',
    { config: adminOnly, schema: { tags, summary: "The supervisor's comment on a secretary for a quarter", params: SecretaryParams, body: SaveSupervisionComment, response: { 200: SupervisionComment, ...problemResponses } } },
    async (request) => saveSupervisionComment(app.db, request.principal!, request.actor(), request.params.secretaryId, request.body),
  );
};

export default secretaryRoutes;
