import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CreateFarmer, FarmerDetail, FarmerPage, FarmerQuery, IdParams, UpdateFarmer } from '@fieldschool/contracts';
import { createFarmer, farmerRoster, getFarmer, listFarmers, updateFarmer } from '../services/farmers.ts';
import { problemResponses } from './responses.ts';

const tags = ['farmers'];

const farmerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Per app: its own database's prepared roster statements, and their connections.
  const roster = farmerRoster(app.db);
  app.addHook('onClose', () => roster.close());
  app.get(
    '/farmers',
    {
      schema: {
        tags,
        summary: 'Farmers in your area; q matches a name, pinyin initials, phone digits or the last 4 ID digits',
        querystring: FarmerQuery,
        response: { 200: FarmerPage, ...problemResponses },
      },
    },
    async (request) => listFarmers(app.db, roster, request.principal!, request.query),
  );
  app.get(
    '/farmers/:id',
    { schema: { tags, summary: 'One farmer', params: IdParams, response: { 200: FarmerDetail, ...problemResponses } } },
    async (request) => getFarmer(app.db, request.principal!, request.params.id),
  );
  app.post(
    '/farmers',
    { schema: { tags, summary: 'Register a farmer', body: CreateFarmer, response: { 201: FarmerDetail, ...problemResponses } } },
    async (request, reply) =>
      reply.status(201).send(await createFarmer(app.db, request.principal!, request.actor(), app.secrets.idNumberKey, request.body)),
  );
  app.patch(
    '/farmers/:id',
    { schema: { tags, summary: 'Change a farmer', params: IdParams, body: UpdateFarmer, response: { 200: FarmerDetail, ...problemResponses } } },
    async (request) => updateFarmer(app.db, request.principal!, request.actor(), app.secrets.idNumberKey, request.params.id, request.body),
  );
};

export default farmerRoutes;
