import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { TrainerList, TrainerQuery } from '@fieldschool/contracts';
import { listTrainers } from '../services/trainers.ts';
import { problemResponses } from './responses.ts';

const trainerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/trainers',
    {
      config: { roles: ['admin' as const, 'trainer' as const] },
      schema: {
        tags: ['sessions'],
        summary: 'Trainers who can teach in your area (or in one village of it), to put on a session',
        querystring: TrainerQuery,
        response: { 200: TrainerList, ...problemResponses },
      },
    },
    async (request) => listTrainers(app.db, request.principal!, request.query),
  );
};

export default trainerRoutes;
