import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CancelSession,
  ChangeSessionStatus,
  ConflictReport,
  CreateSession,
  IdParams,
  ScheduleConflictProblem,
  SeriesDetail,
  Session,
  SessionDraft,
  SessionPage,
  SessionQuery,
  SessionsSaved,
  UpdateSession,
} from '@fieldschool/contracts';
import { cancelSession, changeSessionStatus, checkConflicts, createSessions, getSeries, getSession, listSessions, updateSession } from '../services/sessions.ts';
import { problemResponses } from './responses.ts';

const tags = ['sessions'];
const planners = { roles: ['admin' as const, 'trainer' as const] };
/** A refused save lists its conflicts in the problem. */
const savingResponses = { ...problemResponses, 409: ScheduleConflictProblem };

const sessionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/sessions',
    {
      schema: {
        tags,
        summary: 'Sessions in your area between from and to, filtered by village, township, trainer, topic or status; in start order',
        querystring: SessionQuery,
        response: { 200: SessionPage, ...problemResponses },
      },
    },
    async (request) => listSessions(app.db, request.principal!, request.query),
  );
  app.get(
    '/sessions/:id',
    { schema: { tags, summary: 'One session', params: IdParams, response: { 200: Session, ...problemResponses } } },
    async (request) => getSession(app.db, request.principal!, request.params.id),
  );
  app.post(
    '/sessions',
    {
      config: planners,
      schema: { tags, summary: 'Schedule one session or a whole series (all or nothing); 409 lists the conflicts', body: CreateSession, response: { 201: SessionsSaved, ...savingResponses } },
    },
    async (request, reply) => reply.status(201).send(await createSessions(app.db, request.principal!, request.actor(), request.body)),
  );
  app.post(
    '/sessions/conflicts',
    { config: planners, schema: { tags, summary: 'Check a draft for conflicts without saving it', body: SessionDraft, response: { 200: ConflictReport, ...problemResponses } } },
    async (request) => checkConflicts(app.db, request.principal!, request.body),
  );
  app.patch(
    '/sessions/:id',
    {
      config: planners,
      schema: { tags, summary: 'Change or move a session, or it and the following ones of its series', params: IdParams, body: UpdateSession, response: { 200: SessionsSaved, ...savingResponses } },
    },
    async (request) => updateSession(app.db, request.principal!, request.actor(), request.params.id, request.body),
  );
  app.post(
    '/sessions/:id/cancel',
    { config: planners, schema: { tags, summary: 'Cancel a session, or it and the following ones, with a reason', params: IdParams, body: CancelSession, response: { 200: SessionsSaved, ...problemResponses } } },
    async (request) => cancelSession(app.db, request.principal!, request.actor(), request.params.id, request.body),
  );
  app.post(
    '/sessions/:id/status',
    { config: planners, schema: { tags, summary: 'Start or complete a session', params: IdParams, body: ChangeSessionStatus, response: { 200: Session, ...problemResponses } } },
    async (request) => changeSessionStatus(app.db, request.principal!, request.actor(), request.params.id, request.body),
  );
  app.get(
    '/series/:id',
    { schema: { tags, summary: 'A series: its rule and its sessions', params: IdParams, response: { 200: SeriesDetail, ...problemResponses } } },
    async (request) => getSeries(app.db, request.principal!, request.params.id),
  );
};

export default sessionRoutes;
